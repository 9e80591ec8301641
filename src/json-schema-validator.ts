import type { jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation";
import type { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";

/**
 * Left to itself the SDK compiles a new Ajv instance for every server it creates (milliseconds
 * at start, and per request where a server is made per request); only elicitation answers use
 * it. One instance serves every server in the process, and Ajv (a sixth of the code the server
 * would parse at start; the bundle leaves the SDK's own static import of it out) is loaded only
 * before the first elicitation: see loadJsonSchemaValidator.
 */
let ajv: AjvJsonSchemaValidator | undefined;
let ajvLoading: Promise<void> | undefined;

/** Must have resolved before an elicitation is sent; the registry awaits it before confirm(). */
export function loadJsonSchemaValidator(): Promise<void> {
  ajvLoading ??= import("@modelcontextprotocol/sdk/validation/ajv").then((m) => {
    ajv = new m.AjvJsonSchemaValidator();
  });
  return ajvLoading;
}

export const sharedValidator: jsonSchemaValidator = {
  getValidator(schema) {
    if (ajv === undefined) {
      throw new Error("JSON Schema validator used before loadJsonSchemaValidator() resolved");
    }
    return ajv.getValidator(schema);
  },
};
