/** Groups a server can be limited to with --toolsets / BOOKINGTIME_TOOLSETS: vocabulary shared by
 * config (which parses it), tools (which belong to one) and access policies. */
export const TOOLSETS = ["organization", "customers", "appointments", "services"] as const;
export type Toolset = (typeof TOOLSETS)[number];
