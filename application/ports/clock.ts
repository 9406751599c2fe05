/** The one source of domain time. Tests set and move it. */
export interface Clock {
  now(): Date;
}
