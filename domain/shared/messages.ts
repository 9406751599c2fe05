/** Text shown to people: Chinese first, English beside it. */
export interface Bilingual {
  readonly zh: string;
  readonly en: string;
}
