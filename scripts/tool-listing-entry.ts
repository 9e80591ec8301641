// Bundled and run by scripts/bundle.mjs: the tools/list entries of every tool, as the server
// would compute them at start.
import { toolListing } from "../src/tools/listing.js";
import { TOOLS } from "../src/tools/registry.js";

export const listing = toolListing(TOOLS);
