// What the library modules (lib/*.kspec) bring into a generated spec's scope: their types,
// constants, defs and macros, as the generator's signatures, and a state variable for each
// primitive so that the macros have something to work on.
import type { DefSig, MacroSig, Ty, Val } from "./gen-types.ts";

export interface LibPart {
  readonly module: string;
  /** Modules it needs imported as well (aops uses xarray's Slot). */
  readonly needs: readonly string[];
  readonly consts: readonly Val[];
  readonly domains: readonly Ty[];
  readonly defs: readonly DefSig[];
  readonly macros: readonly MacroSig[];
  /** A state variable of the primitive's type: its declaration's type and initial value. */
  readonly state: { readonly ty: Ty; readonly init: string } | undefined;
}

const BOOL: Ty = { k: "bool" };
const mutexTy: Ty = { k: "bool", name: "Mutex" };
const spinTy: Ty = { k: "bool", name: "Spinlock" };
const rwsemTy: Ty = { k: "record", name: "Rwsem", fields: [{ name: "readers", ty: { k: "int", lo: 0, hi: 3 } }, { name: "writer", ty: BOOL }, { name: "waiting", ty: { k: "int", lo: 0, hi: 2 } }] };
const refTy: Ty = { k: "int", lo: 0, hi: 3, name: "Refcount" };
const slotTy: Ty = { k: "enum", name: "Slot", members: ["Empty", "Page", "PageDirty", "DaxEntry", "DaxDirty"] };
const aopsTy: Ty = { k: "enum", name: "Aops", members: ["PageCache", "Dax"] };

const assigns = (ty: Ty): { ty: Ty; assigned: boolean } => ({ ty, assigned: true });
const reads = (ty: Ty): { ty: Ty; assigned: boolean } => ({ ty, assigned: false });
const konst = (name: string, v: number): Val => ({ name, ty: { k: "int", lo: v, hi: v }, assignable: false, constValue: v });

export const LIBS: readonly LibPart[] = [
  {
    module: "mutex", needs: [], consts: [], domains: [], defs: [],
    macros: [{ name: "mutex_lock", params: [assigns(mutexTy)] }, { name: "mutex_unlock", params: [assigns(mutexTy)] }],
    state: { ty: mutexTy, init: "false" },
  },
  {
    module: "spinlock", needs: [], consts: [], domains: [], defs: [],
    macros: [{ name: "spin_lock", params: [assigns(spinTy)] }, { name: "spin_unlock", params: [assigns(spinTy)] }],
    state: { ty: spinTy, init: "false" },
  },
  {
    module: "rwsem", needs: [], consts: [konst("RWSEM_READERS", 3), konst("RWSEM_WRITERS", 2)], domains: [], defs: [],
    macros: ["down_read", "up_read", "down_write_queue", "down_write_take", "up_write"].map((name) => ({ name, params: [assigns(rwsemTy)] })),
    state: { ty: rwsemTy, init: "{ readers: 0, writer: false, waiting: 0 }" },
  },
  {
    module: "refcount", needs: [], consts: [konst("REFCOUNT_MAX", 3)], domains: [refTy],
    defs: [{ name: "ref_is_last", params: [refTy], result: BOOL }],
    macros: ["ref_get", "ref_put", "ref_put_last", "ref_put_not_last"].map((name) => ({ name, params: [assigns(refTy)] })),
    state: { ty: refTy, init: "1" },
  },
  {
    module: "xarray", needs: [], consts: [], domains: [slotTy],
    defs: [...["is_page", "is_dax", "is_dirty"].map((name) => ({ name, params: [slotTy], result: BOOL })), { name: "cleaned", params: [slotTy], result: slotTy }],
    macros: [],
    state: { ty: slotTy, init: "Empty" },
  },
  {
    module: "aops", needs: ["xarray"], consts: [], domains: [aopsTy],
    defs: [
      { name: "other", params: [aopsTy], result: aopsTy },
      { name: "aops_for", params: [BOOL], result: aopsTy },
      { name: "populated", params: [aopsTy], result: slotTy },
      { name: "dirtied", params: [aopsTy], result: slotTy },
      { name: "compatible", params: [aopsTy, slotTy], result: BOOL },
    ],
    macros: [{ name: "aops_enter", params: [assigns(aopsTy), reads(aopsTy)] }, { name: "aops_same", params: [reads(aopsTy), reads(aopsTy)] }],
    state: { ty: aopsTy, init: "PageCache" },
  },
];
