import type { Icon } from "@modelcontextprotocol/sdk/types.js";

/**
 * The server's and every tool's icon: a calendar page with a check mark, the design of
 * mcpb/icon.png, drawn in one path (the check is cut out by its opposite winding) so that it costs
 * little in every tools/list. Commas instead of spaces, single quotes and no `#` keep the data
 * URI short: only `<`, `>` and the three spaces need escaping.
 */
export const ICON_SVG =
  "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0,0,16,16'><path fill='teal' " +
  "d='M1,3h14v12H1zM4,1h2v3H4zm6,0h2v3h-2zM3.5,9.5l3.5,3.5,5.5-5.5-1.5-1.5-4,4-2-2z'/></svg>";

export const ICONS: Icon[] = [
  {
    src: `data:image/svg+xml,${encodeURI(ICON_SVG)}`,
    mimeType: "image/svg+xml",
    sizes: ["any"],
  },
];
