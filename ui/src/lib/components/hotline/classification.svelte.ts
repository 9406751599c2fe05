import { loadClassification, type CategoryOption, type District } from '$lib/hotline';

/** The managed categories and districts a request form offers; `error` when they could not be loaded. */
export class FormClassification {
  categories = $state<CategoryOption[]>([]);
  districts = $state<District[]>([]);
  error: unknown = $state(null);

  /** Call on mount. */
  load(): void {
    loadClassification()
      .then((c) => {
        this.categories = c.categories;
        this.districts = c.districts;
      })
      .catch((e) => (this.error = e));
  }
}
