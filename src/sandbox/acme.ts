import type { OrganizationRecord } from "./fixtures.js";

/**
 * The getting-started page prints this ID with 31 characters; real IDs have 32 (reference §8), so one
 * character is appended here and in every `organizationId` below. Everything else is the page verbatim.
 */
export const ACME_ORGANIZATION_ID = "f6123456789101112131415aBCdeFgHi";

export const acmeOrganization: OrganizationRecord = 
{
  "class": "ORGANIZATION",
  "id": ACME_ORGANIZATION_ID,
  "customId": "123-1",
  "timestampAdd": "2023-02-20T19:31:52+01:00",
  "timestampEdit": "2025-02-06T00:01:13+01:00",
  "contractAccount": {
    "class": "CONTRACT_ACCOUNT",
    "id": "c4123456789101112131415aBCdeFgH",
    "customId": "acme",
    "accountNumber": 10000001,
    "name": "ACME ContractAccount"
  },
  "name": "ACME",
  "rootOrganizationFlag": false,
  "blocked": false,
  "notes": "",
  "address": {
    "class": "INHERITANCE",
    "value": {
      "class": "ADDRESS",
      "name": "ACME",
      "extra": "First floor",
      "street": "Street 10",
      "zip": "12345",
      "city": "Hamburg",
      "country": "DE",
      "geoCoordinates": {
        "class": "GEO_COORDINATES",
        "latitude": 52.6059747,
        "longitude": 8.9841561
      }
    },
    "inheritance": "PARENT_ORGANIZATION",
    "result": {
      "class": "ADDRESS",
      "name": "ACME",
      "extra": "",
      "street": "Street 10",
      "zip": "12345",
      "city": "Hamburg",
      "country": "DE",
      "geoCoordinates": {
        "class": "GEO_COORDINATES",
        "latitude": 52.6059747,
        "longitude": 8.9841561
      }
    }
  },
  "telephone": {
    "class": "INHERITANCE",
    "value": "040/12345678",
    "inheritance": "PARENT_ORGANIZATION",
    "result": "040/12345678"
  },
  "fax": {
    "class": "INHERITANCE",
    "value": "040/12345679",
    "inheritance": "PARENT_ORGANIZATION",
    "result": "040/12345679"
  },
  "description": {
    "class": "INHERITANCE",
    "value": "First sub organization",
    "inheritance": "PARENT_ORGANIZATION",
    "result": "Die erste Firma aus dem datafixture..."
  },
  "descriptionI18nList": {
    "class": "INHERITANCE",
    "value": [],
    "inheritance": "PARENT_ORGANIZATION",
    "result": [
      {
        "class": "KEY_VALUE",
        "key": "en",
        "value": "First organization"
      }
    ]
  },
  "logo": {
    "class": "INHERITANCE",
    "value": "",
    "inheritance": "PARENT_ORGANIZATION",
    "result": "https://content.bookingtime.com/image/rO123456789101112131415aBCdeFgH"
  },
  "imageList": {
    "class": "INHERITANCE",
    "value": [],
    "inheritance": "PARENT_ORGANIZATION",
    "result": [
      "https://content.bookingtime.com/image/rO12345678910deFgH1112131415aBC",
      "https://content.bookingtime.com/image/rOaBCdeFgH123456789101112131415",
      "https://content.bookingtime.com/image/rO123456789101112131415aBCdeFgH"
    ]
  },
  "email": {
    "class": "INHERITANCE",
    "value": "info@acme.com",
    "inheritance": "PARENT_ORGANIZATION",
    "result": "central@acme.com"
  },
  "websiteList": {
    "class": "INHERITANCE",
    "value": [
      "http://www.acme.de",
      "https://www.facebook.com/acme",
      "https://www.instagram.com/acme/",
      "https://twitter.com/acme",
      "https://www.youtube.com/acme",
      "https://vimeo.com/acme"
    ],
    "inheritance": "PARENT_ORGANIZATION",
    "result": [
      "http://www.acme.de",
      "https://www.facebook.com/acme",
      "https://www.instagram.com/acme/",
      "https://twitter.com/acme",
      "https://www.youtube.com/acme",
      "https://vimeo.com/acme"
    ]
  },
  "contactPerson": {
    "class": "INHERITANCE",
    "value": {
      "class": "CONTACT_PERSON",
      "gender": "MALE",
      "title": "Dr.",
      "firstName": "John",
      "lastName": "Doe",
      "telephone": "040/12345678",
      "email": "jd@acme.com",
      "mobile": ""
    },
    "inheritance": "PARENT_ORGANIZATION",
    "result": {
      "class": "CONTACT_PERSON",
      "gender": "MALE",
      "title": "Dr.",
      "firstName": "John",
      "lastName": "Doe",
      "telephone": "040/12345678",
      "email": "jd@acme.com",
      "mobile": ""
    }
  },
  "accessibility": {
    "class": "INHERITANCE",
    "value": {
      "class": "ORGANIZATION_ACCESSIBILITY",
      "information": true,
      "entry": "PARTIAL",
      "signLanguage": true,
      "description": ""
    },
    "inheritance": "PARENT_ORGANIZATION",
    "result": {
      "class": "ORGANIZATION_ACCESSIBILITY",
      "information": true,
      "entry": "PARTIAL",
      "signLanguage": true,
      "description": ""
    }
  },
  "openingHours": {
    "class": "INHERITANCE",
    "value": {
      "class": "OPENING_HOURS",
      "monday": [
        "09:00",
        "10:00",
        "12:00",
        "18:00"
      ],
      "tuesday": [
        "08:00",
        "18:00"
      ],
      "wednesday": [
        "08:00",
        "18:00"
      ],
      "thursday": [
        "08:00",
        "18:00"
      ],
      "friday": [
        "08:00",
        "18:00"
      ],
      "saturday": [],
      "sunday": []
    },
    "inheritance": "PARENT_ORGANIZATION",
    "result": {
      "class": "OPENING_HOURS",
      "monday": [
        "09:00",
        "18:00"
      ],
      "tuesday": [
        "09:00",
        "12:00",
        "14:00",
        "20:00"
      ],
      "wednesday": [
        "09:00",
        "18:00"
      ],
      "thursday": [
        "08:00",
        "19:00"
      ],
      "friday": [
        "07:00",
        "18:00"
      ],
      "saturday": [],
      "sunday": []
    }
  },
  "settings": {
    "class": "ORGANIZATION_SETTINGS",
    "timeZone": {
      "class": "INHERITANCE",
      "value": "Europe/Berlin",
      "inheritance": "PARENT_ORGANIZATION",
      "result": "Europe/Berlin"
    },
    "currency": {
      "class": "INHERITANCE",
      "value": "EUR",
      "inheritance": "PARENT_ORGANIZATION",
      "result": "EUR"
    },
    "taxRate": {
      "class": "INHERITANCE",
      "value": 19,
      "inheritance": "PARENT_ORGANIZATION",
      "result": 19
    },
    "showPrice": {
      "class": "INHERITANCE",
      "value": true,
      "inheritance": "PARENT_ORGANIZATION",
      "result": true
    },
    "emailReply": {
      "class": "INHERITANCE",
      "value": "info@acme.com",
      "inheritance": "PARENT_ORGANIZATION",
      "result": "info@acme.com"
    },
    "smsSender": {
      "class": "INHERITANCE",
      "value": "ACME",
      "inheritance": "PARENT_ORGANIZATION",
      "result": "ACMEroot"
    },
    "locale": {
      "class": "INHERITANCE",
      "value": "de-DE",
      "inheritance": "PARENT_ORGANIZATION",
      "result": "de"
    },
    "availability": {
      "class": "INHERITANCE",
      "value": "CUSTOM",
      "inheritance": "PARENT_ORGANIZATION",
      "result": "OPENING_HOURS"
    },
    "timeGrid": {
      "class": "INHERITANCE",
      "value": "CUSTOM",
      "inheritance": "PARENT_ORGANIZATION",
      "result": "MINUTES_15"
    },
    "moduleBookingDayEarliest": {
      "class": "INHERITANCE",
      "value": 0,
      "inheritance": "PARENT_ORGANIZATION",
      "result": 0
    },
    "moduleBookingDayLatest": {
      "class": "INHERITANCE",
      "value": 999,
      "inheritance": "PARENT_ORGANIZATION",
      "result": 14
    },
    "moduleBookingLeadTime": {
      "class": "INHERITANCE",
      "value": 0,
      "inheritance": "PARENT_ORGANIZATION",
      "result": 120
    },
    "externalCalendarContentCustomer": {
      "class": "INHERITANCE",
      "value": "[ORGANIZATION_NAME] [BOOKING_TEMPLATE_PUBLIC_NAME]",
      "inheritance": "PARENT_ORGANIZATION",
      "result": "[ORGANIZATION_NAME] [BOOKING_TEMPLATE_PUBLIC_NAME]"
    },
    "externalCalendarContentCustomerI18nList": {
      "class": "INHERITANCE",
      "value": [],
      "inheritance": "PARENT_ORGANIZATION",
      "result": [
        {
          "class": "KEY_VALUE",
          "key": "en",
          "value": "[ORGANIZATION_NAME] [BOOKING_TEMPLATE_PUBLIC_NAME]"
        }
      ]
    },
    "externalCalendarContentStaff": {
      "class": "INHERITANCE",
      "value": "[CUSTOMER_FULL_NAME] test& [BOOKING_TEMPLATE_NAME] [APPOINTMENT_NOTES]",
      "inheritance": "PARENT_ORGANIZATION",
      "result": "[CUSTOMER_FULL_NAME] [BOOKING_TEMPLATE_NAME] [APPOINTMENT_NOTES]"
    },
    "moduleMultiFactorProtection": {
      "class": "INHERITANCE",
      "value": "OFF",
      "inheritance": "PARENT_ORGANIZATION",
      "result": "EMAIL"
    },
    "customerAddressRequired": {
      "class": "INHERITANCE",
      "value": false,
      "inheritance": "PARENT_ORGANIZATION",
      "result": false
    },
    "customerEmailRequired": {
      "class": "INHERITANCE",
      "value": false,
      "inheritance": "PARENT_ORGANIZATION",
      "result": false
    },
    "customerMobileRequired": {
      "class": "INHERITANCE",
      "value": false,
      "inheritance": "PARENT_ORGANIZATION",
      "result": false
    },
    "synchronizationServer": {
      "class": "INHERITANCE",
      "value": null,
      "inheritance": "OFF",
      "result": null
    },
    "emailTemplateList": [
      {
        "class": "EMAIL_TEMPLATE_SHORT",
        "id": "46123456789101112131415aBCdeFgH",
        "customId": "",
        "name": "Aftersale E-Mail",
        "organizationId": ACME_ORGANIZATION_ID
      },
      {
        "class": "EMAIL_TEMPLATE_SHORT",
        "id": "46LH83IO0DWLRAY5eBllM8NhuZOLwRoH",
        "customId": "abcd",
        "name": "E-Mail Terminabsage an den Kunden",
        "organizationId": ACME_ORGANIZATION_ID
      },
      {
        "class": "EMAIL_TEMPLATE_SHORT",
        "id": "46CycLFhuFbAprDp0hD1hojstwDuLUBp",
        "customId": "",
        "name": "E-Mail Terminabsage an den Mitarbeiter",
        "organizationId": ACME_ORGANIZATION_ID
      },
      {
        "class": "EMAIL_TEMPLATE_SHORT",
        "id": "46a6NWcBgly2Wyl2e5sTXF0joar3KOdV",
        "customId": "1234",
        "name": "E-Mail Terminbestätigung an den Kunden",
        "organizationId": ACME_ORGANIZATION_ID
      },
      {
        "class": "EMAIL_TEMPLATE_SHORT",
        "id": "4619KvNIewpVeFqc6kopCtOYHaq5Oagz",
        "customId": "12345",
        "name": "E-Mail Terminbestätigung an den Mitarbeiter",
        "organizationId": ACME_ORGANIZATION_ID
      },
      {
        "class": "EMAIL_TEMPLATE_SHORT",
        "id": "46123456789101112131415aBCdeFgH",
        "customId": "",
        "name": "E-Mail Terminerinnerung an den Kunden",
        "organizationId": ACME_ORGANIZATION_ID
      },
      {
        "class": "EMAIL_TEMPLATE_SHORT",
        "id": "46123456789101112131415aBCdeFgH",
        "customId": "",
        "name": "E-Mail Terminverschiebung",
        "organizationId": ACME_ORGANIZATION_ID
      }
    ],
    "smsTemplateList": [
      {
        "class": "SMS_TEMPLATE_SHORT",
        "id": "6G123456789101112131415aBCdeFgH",
        "customId": "",
        "name": "After customer-start",
        "organizationId": ACME_ORGANIZATION_ID
      }
    ],
    "extraFieldList": [
      {
        "class": "EXTRA_FIELD_SHORT",
        "id": "l1123456789101112131415aBCdeFgH",
        "customId": "",
        "name": "Customer Size",
        "type": "CHECKBOX",
        "organizationId": ACME_ORGANIZATION_ID
      }
    ]
  },
  "sector": {
    "class": "INHERITANCE",
    "value": "01ab",
    "inheritance": "PARENT_ORGANIZATION",
    "result": "01ab"
  },
  "licenseConfigList": [
    {
      "class": "LICENSE_CONFIG_SHORT",
      "id": "lC123456789101112131415aBCdeFgH",
      "customId": "test2",
      "licenseId": "1l123456789101112131415aBCdeFgH",
      "licenseName": "Default license",
      "organizationId": ACME_ORGANIZATION_ID
    }
  ],
  "additionalData": {
    "testKey": [
      "testvalue1",
      "testvalue2"
    ],
    "bktest_color": [
      "#123456"
    ]
  },
  "contingent": {
    "class": "CONTINGENT",
    "employeeLicense": {
      "class": "EMPLOYEE_LICENSE",
      "inclusive": 20,
      "paid": 0,
      "used": 5,
      "unused": 15,
      "total": 20,
      "price": 2
    },
    "organizationLicense": {
      "class": "ORGANIZATION_LICENSE",
      "inclusive": 0,
      "paid": 1,
      "used": 1,
      "unused": 0,
      "total": 1,
      "price": 0
    },
    "resourceLicense": {
      "class": "RESOURCE_LICENSE",
      "inclusive": 10,
      "paid": 0,
      "used": 5,
      "unused": 5,
      "total": 10,
      "price": 2
    },
    "synchronizationLicense": {
      "class": "SYNCHRONIZATION_LICENSE",
      "inclusive": 5,
      "paid": 0,
      "used": 1,
      "unused": 4,
      "total": 5,
      "price": 0
    },
    "sms": 93
  },
  "trialPeriod": {
    "class": "TRIAL_PERIOD",
    "timestampStart": null,
    "timestampEnd": null,
    "duration": null
  }
};
