// Telling an allocation failure apart from other errors, so that running out of memory ends a check
// cleanly (verdict "limit", limit "memory", with the counts so far) instead of as a crash.

/**
 * Did allocating memory fail? V8 throws a RangeError for typed arrays and array buffers it cannot
 * allocate ("Array buffer allocation failed", "Invalid typed array length: ...", "Invalid array
 * buffer length") and for arrays past their size limit ("Invalid array length"). A stack overflow is
 * also a RangeError, but not this.
 */
export function isOutOfMemory(e: unknown): boolean {
  if (!(e instanceof RangeError)) return false;
  return /allocation failed|invalid (typed )?array( buffer)? length|out of memory|cannot allocate/i.test(e.message);
}
