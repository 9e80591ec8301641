/**
 * German for every text the emulator writes into a messageList, for the locale segment `de`
 * (`de_DE`, …). The texts are the emulator's own: bookingtime's wording is unknown, and clients
 * must never depend on it. A text missing here stays English, which the tests would catch.
 */
const FIXED: Readonly<Record<string, string>> = {
  "": "",
  "No route found.": "Keine Route gefunden.",
  "Unknown locale.": "Unbekannte Sprache.",
  "Organization not found.": "Organisation nicht gefunden.",
  "App not found.": "App nicht gefunden.",
  "This app may not list another app's organizations.":
    "Diese App darf die Organisationen einer anderen App nicht auflisten.",
  "This path needs an app-level access token (one requested without organization_id).":
    "Dieser Pfad braucht ein Zugriffstoken der App (eines ohne organization_id angefordert).",
  "Method not allowed.": "Methode nicht erlaubt.",
  "Authentication required: send an access token as a Bearer token.":
    "Anmeldung erforderlich: Senden Sie ein Zugriffstoken als Bearer-Token.",
  "The access token is invalid or has been revoked.":
    "Das Zugriffstoken ist ungültig oder wurde widerrufen.",
  "The access token has expired.": "Das Zugriffstoken ist abgelaufen.",
  "The access token was not issued for this organization.":
    "Das Zugriffstoken wurde nicht für diese Organisation ausgestellt.",
  "The request body must be application/json.": "Der Anfrageinhalt muss application/json sein.",
  "The request body is not valid JSON.": "Der Anfrageinhalt ist kein gültiges JSON.",
  "The request body must be a JSON object.": "Der Anfrageinhalt muss ein JSON-Objekt sein.",
  "The request body names no field to change.": "Der Anfrageinhalt nennt kein zu änderndes Feld.",
  "This request takes no body.": "Diese Anfrage erwartet keinen Inhalt.",
  "This parameter is missing.": "Dieser Parameter fehlt.",
  "This field was not expected.": "Dieses Feld wurde nicht erwartet.",
  "This value should be of type string.": "Dieser Wert sollte vom Typ string sein.",
  "This value should be of type object.": "Dieser Wert sollte vom Typ object sein.",
  "This value should not be blank.": "Dieser Wert sollte nicht leer sein.",
  "This value should not be in the future.": "Dieser Wert sollte nicht in der Zukunft liegen.",
  "This value is not a valid email address.": "Dieser Wert ist keine gültige E-Mail-Adresse.",
  "This value is not a valid phone number.": "Dieser Wert ist keine gültige Telefonnummer.",
  "This value is not a valid date.": "Dieser Wert ist kein gültiges Datum.",
  "This value is not a valid locale.": "Dieser Wert ist keine gültige Sprache.",
  "This value is not a valid country.": "Dieser Wert ist kein gültiges Land.",
  "The value you selected is not a valid choice.": "Der gewählte Wert ist keine gültige Auswahl.",
  "This value is not a valid year.": "Dieser Wert ist kein gültiges Jahr.",
  "This value is not a valid month.": "Dieser Wert ist kein gültiger Monat.",
  "This value is not a valid day.": "Dieser Wert ist kein gültiger Tag.",
  "This value is not a valid ISO week of that year.":
    "Dieser Wert ist keine gültige ISO-Woche dieses Jahres.",
  "This value is not a valid page.": "Dieser Wert ist keine gültige Seite.",
  "The page must be a whole number of at least 1.": "Die Seite muss eine ganze Zahl ab 1 sein.",
  "Customer not found.": "Kunde nicht gefunden.",
  "No customer with this customId.": "Kein Kunde mit dieser customId.",
  "A customer with this customId already exists.":
    "Ein Kunde mit dieser customId existiert bereits.",
  "Customer successfully added.": "Kunde erfolgreich angelegt.",
  "Customer successfully edited.": "Kunde erfolgreich bearbeitet.",
  "Booking template not found.": "Buchungsvorlage nicht gefunden.",
  "No free booking slot in the booking window.": "Kein freier Buchungsslot im Buchungszeitraum.",
  "Appointment not found.": "Termin nicht gefunden.",
  "No appointment with this customId.": "Kein Termin mit dieser customId.",
  "An appointment with this customId already exists.":
    "Ein Termin mit dieser customId existiert bereits.",
  "Appointment successfully booked.": "Termin erfolgreich gebucht.",
  "Appointment successfully edited.": "Termin erfolgreich bearbeitet.",
  "Appointment successfully moved.": "Termin erfolgreich verschoben.",
  "Appointment successfully canceled.": "Termin erfolgreich storniert.",
  "The appointment has already been canceled.": "Der Termin wurde bereits storniert.",
  "A canceled appointment cannot be moved.": "Ein stornierter Termin kann nicht verschoben werden.",
  "An appointment that has started cannot be moved.":
    "Ein begonnener Termin kann nicht verschoben werden.",
  "An appointment that has started cannot be canceled.":
    "Ein begonnener Termin kann nicht storniert werden.",
  "This booking slot does not exist. Fetch free booking slots again.":
    "Dieser Buchungsslot existiert nicht. Rufen Sie die freien Buchungsslots erneut ab.",
  "This booking slot has expired. Fetch free booking slots again.":
    "Dieser Buchungsslot ist abgelaufen. Rufen Sie die freien Buchungsslots erneut ab.",
  "This booking slot belongs to another booking template.":
    "Dieser Buchungsslot gehört zu einer anderen Buchungsvorlage.",
  "This booking slot can no longer be booked. Fetch free booking slots again.":
    "Dieser Buchungsslot kann nicht mehr gebucht werden. Rufen Sie die freien Buchungsslots erneut ab.",
  "This booking slot is no longer available. Fetch free booking slots again.":
    "Dieser Buchungsslot ist nicht mehr verfügbar. Rufen Sie die freien Buchungsslots erneut ab.",
};

const PATTERNS: ReadonlyArray<[RegExp, (m: RegExpExecArray) => string]> = [
  [
    /^This value is too long\. It should have (\d+) characters or less\.$/,
    (m) => `Dieser Wert ist zu lang. Er darf höchstens ${m[1]} Zeichen haben.`,
  ],
  [
    /^This organization requires the customer's (\w+)\.$/,
    (m) => `Diese Organisation verlangt das Feld ${m[1]} des Kunden.`,
  ],
  [
    /^The request body exceeds (\d+) bytes\.$/,
    (m) => `Der Anfrageinhalt ist größer als ${m[1]} Bytes.`,
  ],
];

export function germanText(english: string): string {
  if (Object.hasOwn(FIXED, english)) return FIXED[english] ?? english;
  for (const [pattern, render] of PATTERNS) {
    const match = pattern.exec(english);
    if (match) return render(match);
  }
  return english;
}

/** Every English text the table knows, for the test that checks each has a German form. */
export const KNOWN_ENGLISH_TEXTS: readonly string[] = Object.keys(FIXED).filter((t) => t !== "");
