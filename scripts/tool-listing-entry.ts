// Bundled and run by scripts/bundle.mjs: the tools/list entries of every tool, as the server
// would compute them at start.

import { TOOLS } from "../src/tools/registry.js";
import { toolListing } from "../src/tools/support/listing.js";

export const listing = toolListing(TOOLS);
