import { ACME_LOCATION_IDS } from "./acme-locations.js";
import type { BookingFixtures } from "./booking-fixtures.js";

/** Stable ids of what each ACME location offers, so tests and docs can book there. */
export const LOCATION_BOOKING = {
  altona: {
    stylist: "brAcmeA1tonaLenaKrause0000000001",
    haircut: "fcAcmeA1tonaHaircut0000000000001",
  },
  vienna: {
    stylist: "brAcmeWienSophieGruber0000000001",
    haircut: "fcAcmeWienHaircut000000000000001",
  },
  zurich: {
    stylist: "brAcmeZurichLukasMeier0000000001",
    haircut: "fcAcmeZurichHaircut0000000000001",
  },
} as const;

function branch(
  ids: { stylist: string; haircut: string },
  stylist: [string, string, "MALE" | "FEMALE"],
  price: { priceGross: number; taxRate: number; currency: string },
): BookingFixtures {
  const [firstName, lastName, gender] = stylist;
  return {
    resources: [
      {
        id: ids.stylist,
        customId: `${firstName}-${lastName}`.toLowerCase(),
        type: "EMPLOYEE",
        name: `${firstName} ${lastName}`,
        gender,
        firstName,
        lastName,
      },
    ],
    templates: [
      {
        id: ids.haircut,
        customId: "haircut",
        name: "Haircut",
        duration: 30,
        ...price,
        description: "Wash, cut and blow-dry.",
        steps: [{ name: "Employee", resourceIds: [ids.stylist] }],
      },
    ],
  };
}

/** One stylist and one service per location: enough to book at each, in its own time zone. */
export const LOCATION_BOOKING_FIXTURES: Readonly<Record<string, BookingFixtures>> = {
  [ACME_LOCATION_IDS.altona]: branch(LOCATION_BOOKING.altona, ["Lena", "Krause", "FEMALE"], {
    priceGross: 35,
    taxRate: 19,
    currency: "EUR",
  }),
  [ACME_LOCATION_IDS.vienna]: branch(LOCATION_BOOKING.vienna, ["Sophie", "Gruber", "FEMALE"], {
    priceGross: 38,
    taxRate: 20,
    currency: "EUR",
  }),
  [ACME_LOCATION_IDS.zurich]: branch(LOCATION_BOOKING.zurich, ["Lukas", "Meier", "MALE"], {
    priceGross: 65,
    taxRate: 8.1,
    currency: "CHF",
  }),
};
