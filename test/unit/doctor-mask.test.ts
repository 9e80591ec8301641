import { describe, expect, it } from "vitest";
import { maskPayload } from "../../src/doctor/mask.js";

const JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

describe("maskPayload", () => {
  it("removes tokens by key, by exact value and by JWT or Bearer look", () => {
    const out = maskPayload(
      {
        refresh_token: "opaque-refresh-1234",
        access_token: "opaque-access-5678",
        token_type: "Bearer",
        expires_in: 300,
        messageList: [
          { type: "error", text: `echo ${JWT} and Bearer abc.def and k3y-s3cret-value` },
        ],
      },
      ["k3y-s3cret-value"],
    );
    expect(out).toEqual({
      refresh_token: "[redacted]",
      access_token: "[redacted]",
      token_type: "Bearer",
      expires_in: 300,
      messageList: [
        { type: "error", text: "echo [redacted] and Bearer [redacted] and [redacted]" },
      ],
    });
  });

  it("masks personal data by key name at any depth, keeping shape, types and empty values", () => {
    const customer = {
      class: "CUSTOMER",
      id: "d3AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
      customId: "crm-7",
      gender: "FEMALE",
      firstName: "Ada",
      lastName: "Lovelace",
      email: "ada@example.org",
      mobile: "+49 170 1234567",
      telephone: "",
      birthday: "1815-12-10",
      notes: "Prefers mornings",
      address: { class: "ADDRESS", street: "Main St 1", zip: 12345, city: "London", country: "GB" },
      locale: "en",
      canceled: false,
    };
    expect(maskPayload({ messageList: [], content: { recordList: [customer] } }, [])).toEqual({
      messageList: [],
      content: {
        recordList: [
          {
            class: "CUSTOMER",
            id: "d3AAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            customId: "crm-7",
            gender: "FEMALE",
            firstName: "masked",
            lastName: "masked",
            email: "masked@example.com",
            mobile: "+490000000000",
            telephone: "",
            birthday: "1970-01-01",
            notes: "masked",
            address: { class: "ADDRESS", street: "masked", zip: 0, city: "masked", country: "GB" },
            locale: "en",
            canceled: false,
          },
        ],
      },
    });
  });

  it("masks the values of inherited personal fields, not the inheritance structure", () => {
    const out = maskPayload(
      {
        telephone: {
          class: "INHERITANCE",
          value: "040/12345678",
          inheritance: "PARENT_ORGANIZATION",
          result: "040/12345678",
        },
        contactPerson: {
          class: "INHERITANCE",
          value: { class: "CONTACT_PERSON", title: "Dr.", firstName: "John", mobile: "" },
          inheritance: "ORGANIZATION",
          result: null,
        },
        settings: { timeZone: { class: "INHERITANCE", value: "Europe/Berlin" } },
      },
      [],
    );
    expect(out).toEqual({
      telephone: {
        class: "INHERITANCE",
        value: "+490000000000",
        inheritance: "PARENT_ORGANIZATION",
        result: "+490000000000",
      },
      contactPerson: {
        class: "INHERITANCE",
        value: { class: "CONTACT_PERSON", title: "masked", firstName: "masked", mobile: "" },
        inheritance: "ORGANIZATION",
        result: null,
      },
      settings: { timeZone: { class: "INHERITANCE", value: "Europe/Berlin" } },
    });
  });

  it("masks an e-mail address wherever it appears, and a date-time birthday keeps its form", () => {
    expect(
      maskPayload(
        { emailReply: "x@y.de", misc: ["a@b.co"], birthday: "1990-05-17T00:00:00+02:00" },
        [],
      ),
    ).toEqual({
      emailReply: "masked@example.com",
      misc: ["masked@example.com"],
      birthday: "1970-01-01T00:00:00+02:00",
    });
  });
});
