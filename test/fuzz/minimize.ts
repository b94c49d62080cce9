// Shrinks a failing input while it still fails the same way: delta debugging over lines, then over
// tokens (runs of word characters, blanks, or single other characters), within a budget of tries.
export type StillFails = (text: string) => Promise<boolean>;

export async function minimize(text: string, stillFails: StillFails, budget = { tries: 400, ms: 20_000 }): Promise<string> {
  const t0 = Date.now();
  let tries = 0;
  const test = async (t: string): Promise<boolean> => {
    if (tries >= budget.tries || Date.now() - t0 > budget.ms) return false;
    tries++;
    return stillFails(t);
  };
  let best = text;
  for (const split of [lines, tokens]) {
    let parts = split(best);
    let chunk = Math.max(1, parts.length >> 1);
    while (chunk >= 1) {
      let progressed = false;
      for (let i = 0; i + chunk <= parts.length; ) {
        const candidate = [...parts.slice(0, i), ...parts.slice(i + chunk)];
        if (await test(candidate.join(""))) {
          parts = candidate;
          progressed = true;
        } else {
          i += chunk;
        }
      }
      if (tries >= budget.tries || Date.now() - t0 > budget.ms) break;
      if (!progressed) chunk >>= 1;
    }
    best = parts.join("");
  }
  return best;
}

/** Lines with their line ends (any of \n, \r\n, \r). */
function lines(t: string): string[] {
  return t.match(/[^\r\n]*(\r\n|\r|\n|$)/g)?.filter((l) => l.length > 0) ?? [t];
}

function tokens(t: string): string[] {
  return t.match(/[A-Za-z0-9_]+|[ \t]+|\r\n|[\s\S]/gu) ?? [t];
}
