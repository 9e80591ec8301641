import { ACME_ORGANIZATION_ID } from "./acme.js";
import { LOCATION_BOOKING, LOCATION_BOOKING_FIXTURES } from "./location-booking-fixtures.js";

export interface ResourceFixture {
  id: string;
  customId: string;
  type: "EMPLOYEE" | "RESOURCE";
  name: string;
  gender: "MALE" | "FEMALE" | "NOT_SPECIFIED";
  firstName: string;
  lastName: string;
}

export interface TemplateFixture {
  id: string;
  customId: string;
  name: string;
  duration: number;
  priceGross: number;
  taxRate: number;
  currency: string;
  description: string;
  /** One resource from each step performs the service (selectionQuantity 1). */
  steps: { name: string; resourceIds: string[] }[];
}

export interface BookingFixtures {
  resources: ResourceFixture[];
  templates: TemplateFixture[];
}

const GLOBEX_ID = "f6G10bexG10bexG10bexG10bexG10bex";
const INITECH_ID = "f6In1techIn1techIn1techIn1tech00";

/** Stable ids so tests and documentation can name them. */
export const SANDBOX_BOOKING = {
  acme: {
    maria: "brAcmeMariaSchmidt00000000000001",
    jonas: "brAcmeJonasWeber0000000000000002",
    studio: "brAcmeColourStudio00000000000003",
    haircut: "fcAcmeHaircut0000000000000000001",
    consultation: "fcAcmeConsultation00000000000002",
    colouring: "fcAcmeColouring00000000000000003",
  },
  globex: {
    hank: "brG1obexHankScorpio0000000000001",
    frank: "brG1obexFrankGrimes0000000000002",
    intro: "fcG1obexIntroCall000000000000001",
    strategy: "fcG1obexStrategy0000000000000002",
    workshop: "fcG1obexWorkshop0000000000000003",
  },
  initech: {
    bill: "brIn1techBillLumbergh00000000001",
    review: "fcIn1techTpsReview00000000000001",
  },
  acmeLocations: LOCATION_BOOKING,
} as const;

const A = SANDBOX_BOOKING.acme;
const G = SANDBOX_BOOKING.globex;
const I = SANDBOX_BOOKING.initech;

function person(
  id: string,
  customId: string,
  firstName: string,
  lastName: string,
  gender: ResourceFixture["gender"],
): ResourceFixture {
  return {
    id,
    customId,
    type: "EMPLOYEE",
    name: `${firstName} ${lastName}`,
    gender,
    firstName,
    lastName,
  };
}

export const BOOKING_FIXTURES: Readonly<Record<string, BookingFixtures>> = {
  ...LOCATION_BOOKING_FIXTURES,
  [ACME_ORGANIZATION_ID]: {
    resources: [
      person(A.maria, "MA1", "Maria", "Schmidt", "FEMALE"),
      person(A.jonas, "MA2", "Jonas", "Weber", "MALE"),
      {
        id: A.studio,
        customId: "R1",
        type: "RESOURCE",
        name: "Colour studio",
        gender: "NOT_SPECIFIED",
        firstName: "",
        lastName: "",
      },
    ],
    templates: [
      {
        id: A.haircut,
        customId: "haircut",
        name: "Haircut",
        duration: 30,
        priceGross: 35,
        taxRate: 19,
        currency: "EUR",
        description: "Wash, cut and blow-dry.",
        steps: [{ name: "Employee", resourceIds: [A.maria, A.jonas] }],
      },
      {
        id: A.consultation,
        customId: "consultation",
        name: "Style consultation",
        duration: 45,
        priceGross: 25,
        taxRate: 19,
        currency: "EUR",
        description: "Advice on cut and colour, no treatment.",
        steps: [{ name: "Employee", resourceIds: [A.jonas] }],
      },
      {
        id: A.colouring,
        customId: "colouring",
        name: "Colouring",
        duration: 90,
        priceGross: 89.5,
        taxRate: 19,
        currency: "EUR",
        description: "Full colour in the colour studio.",
        steps: [
          { name: "Employee", resourceIds: [A.maria] },
          { name: "Room", resourceIds: [A.studio] },
        ],
      },
    ],
  },
  [GLOBEX_ID]: {
    resources: [
      person(G.hank, "HS", "Hank", "Scorpio", "MALE"),
      person(G.frank, "FG", "Frank", "Grimes", "MALE"),
    ],
    templates: [
      {
        id: G.intro,
        customId: "intro",
        name: "Intro call",
        duration: 30,
        priceGross: 0,
        taxRate: 0,
        currency: "USD",
        description: "Free first conversation.",
        steps: [{ name: "Consultant", resourceIds: [G.hank, G.frank] }],
      },
      {
        id: G.strategy,
        customId: "strategy",
        name: "Strategy session",
        duration: 60,
        priceGross: 250,
        taxRate: 0,
        currency: "USD",
        description: "One hour with a senior consultant.",
        steps: [{ name: "Consultant", resourceIds: [G.hank] }],
      },
      {
        id: G.workshop,
        customId: "workshop",
        name: "Workshop",
        duration: 90,
        priceGross: 400,
        taxRate: 0,
        currency: "USD",
        description: "Hands-on session for small teams.",
        steps: [{ name: "Consultant", resourceIds: [G.frank] }],
      },
    ],
  },
  [INITECH_ID]: {
    resources: [person(I.bill, "BL", "Bill", "Lumbergh", "MALE")],
    templates: [
      {
        id: I.review,
        customId: "tps",
        name: "TPS report review",
        duration: 30,
        priceGross: 0,
        taxRate: 8.25,
        currency: "USD",
        description: "Yeah, we need to talk about your TPS reports.",
        steps: [{ name: "Manager", resourceIds: [I.bill] }],
      },
    ],
  },
};
