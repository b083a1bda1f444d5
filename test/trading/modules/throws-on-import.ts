/** A module whose evaluation fails, for the loader tests. */
throw new Error("boom at import");
