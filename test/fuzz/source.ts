// The text of a fuzz case from its kind and seed: a generated spec, or a mutant of the corpus.
import { specOfSeed } from "./gen.ts";
import { loadCorpus, mutantOfSeed, type CorpusFile } from "./mutate.ts";

let corpus: CorpusFile[] | undefined;

export function caseText(kind: "generated" | "mutated", seed: number): CorpusFile {
  if (kind === "generated") return { path: "fuzz.kspec", text: specOfSeed(seed) };
  corpus ??= loadCorpus();
  return mutantOfSeed(corpus, seed);
}

/** "generated:123" or "mutated:-45" (as the fuzz script prints and writes them). */
export function parseCaseId(id: string): { kind: "generated" | "mutated"; seed: number } | undefined {
  const m = /^(generated|mutated)[:-](-?\d+)$/.exec(id.trim());
  return m ? { kind: m[1] as "generated" | "mutated", seed: Number(m[2]) } : undefined;
}
