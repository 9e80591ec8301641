// The one place tests of the doctor import the emulator from: when it moves to
// packages/bookingtime-emulator, only this line changes.
export * from "../../packages/bookingtime-emulator/src/index.js";
