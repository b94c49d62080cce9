#!/usr/bin/env python3
"""Independent brute-force oracle for the kspec spec corpus.

Each model below is a direct Python transcription of one spec in specs/ (NOT an interpreter of
kspec): a state is a tuple holding every global variable plus, for every process member, its
program counter and its locals, exactly the state kspec stores. Every label of a process is one
atomic step; `any`/`either` give one successor per choice; a failed `await` means no successor.

For each model the oracle runs a full BFS from all initial states and reports:
  distinct : number of distinct reachable states (the whole graph: exploration does not stop at
             a violation; a step whose `assert` fails yields no successor state)
  depth    : number of BFS levels minus 1 (longest shortest path from an initial state)
  verdict  : "holds", or "violation <P>" for the property with the shortest counterexample, where P
             is an invariant name, `assert` or `deadlock`
  trace    : for a violation, the number of transitions of the shortest counterexample: the BFS
             depth of the first violating state (invariant, deadlock), or the depth of the state
             where the failing step starts plus one (assert: the trace ends with the failing step)

Usage:
  python3 test/oracle/oracle.py            # print every result and compare with expected.json
  python3 test/oracle/oracle.py --write    # (re)write expected.json
  python3 test/oracle/oracle.py --trace 'specs/bench/dax-racy.kspec'   # print a shortest counterexample
"""
import json
import os
import sys
from collections import deque

HERE = os.path.dirname(os.path.abspath(__file__))
ASSERT_FAIL = object()  # successor marker: the step's assert failed
DONE = "done"           # pc of a finished process member


class Model:
    """Subclasses define init() -> iterable of states, succ(s) -> iterable of states or ASSERT_FAIL,
    invariants: dict name -> predicate, and may_stop(s) (all processes done or a terminal holds)."""
    invariants = {}

    def may_stop(self, s):
        return False


def bfs(model, parents=None):
    """Full BFS; `parents`, when a dict, is filled with state -> predecessor (None for initial)."""
    seen = {}
    frontier = deque()
    for s in model.init():
        if s not in seen:
            seen[s] = 0
            frontier.append(s)
            if parents is not None:
                parents[s] = None
    first = {}  # property -> shortest trace length
    witness = {}  # property -> last state of a shortest counterexample (for assert: where it starts)

    def note(prop, length, state):
        if prop not in first or length < first[prop]:
            first[prop] = length
            witness[prop] = state

    depth = 0
    while frontier:
        s = frontier.popleft()
        d = seen[s]
        depth = max(depth, d)
        for name, pred in model.invariants.items():
            if not pred(s):
                note(name, d, s)
        succs = list(model.succ(s))
        if not succs and not model.may_stop(s):
            note("deadlock", d, s)
        for t in succs:
            if t is ASSERT_FAIL:
                note("assert", d + 1, s)
                continue
            if t not in seen:
                seen[t] = d + 1
                frontier.append(t)
                if parents is not None:
                    parents[t] = s
    res = {"distinct": len(seen), "depth": depth}
    if first:
        best = min(first.values())
        props = sorted(p for p, n in first.items() if n == best)
        assert len(props) == 1, f"tie between properties {props}"
        res["verdict"] = "violation " + props[0]
        res["trace"] = best
        res["_witness"] = witness[props[0]]
    else:
        res["verdict"] = "holds"
    return res


def replace(tup, i, v):
    return tup[:i] + (v,) + tup[i + 1:]


# --------------------------------------------------------------------------- specs/small
class Counter(Model):
    """specs/small/counter.kspec: state (n,)."""

    def __init__(self, MAX=3):
        self.MAX = MAX
        self.invariants = {"InRange": lambda s: 0 <= s[0] <= MAX}

    def init(self):
        return [(0,)]

    def succ(self, s):
        if s[0] < self.MAX:
            yield (s[0] + 1,)

    def may_stop(self, s):
        return s[0] == self.MAX


class Peterson(Model):
    """specs/small/mutex.kspec: state (flag0, flag1, turn, pc0, pc1)."""
    invariants = {"MutualExclusion": lambda s: not (s[3] == "cs" and s[4] == "cs")}

    def init(self):
        return [(False, False, 0, "ncs", "ncs")]

    def succ(self, s):
        flag, turn, pcs = [s[0], s[1]], s[2], [s[3], s[4]]
        for i in (0, 1):
            f, t, p = list(flag), turn, list(pcs)
            pc = p[i]
            if pc == "ncs":
                p[i] = "want"
            elif pc == "want":
                f[i] = True
                p[i] = "yield"
            elif pc == "yield":
                t = 1 - i
                p[i] = "wait"
            elif pc == "wait":
                if not (not f[1 - i] or t == i):
                    continue
                p[i] = "cs"
            elif pc == "cs":
                p[i] = "exit"
            elif pc == "exit":
                f[i] = False
                p[i] = "ncs"
            yield (f[0], f[1], t, p[0], p[1])


class BrokenMutex(Model):
    """specs/small/mutex-broken.kspec: state (flag0, flag1, pc0, pc1)."""
    invariants = {"MutualExclusion": lambda s: not (s[2] == "cs" and s[3] == "cs")}

    def init(self):
        return [(False, False, "ncs", "ncs")]

    def succ(self, s):
        for i in (0, 1):
            f, p = [s[0], s[1]], [s[2], s[3]]
            pc = p[i]
            if pc == "ncs":
                p[i] = "check"
            elif pc == "check":
                if f[1 - i]:
                    continue
                p[i] = "set"
            elif pc == "set":
                f[i] = True
                p[i] = "cs"
            elif pc == "cs":
                p[i] = "exit"
            elif pc == "exit":
                f[i] = False
                p[i] = "ncs"
            yield (f[0], f[1], p[0], p[1])


class LockOrder(Model):
    """specs/small/deadlock.kspec: state (l1, l2, pcA, pcB)."""
    invariants = {"LocksHeld": lambda s: not (s[2] in ("take2", "release")) or s[0]}

    def init(self):
        return [(False, False, "take1", "take2")]

    def succ(self, s):
        l1, l2, a, b = s
        # A: take1 -> take2 -> release
        if a == "take1" and not l1:
            yield (True, l2, "take2", b)
        if a == "take2" and not l2:
            yield (l1, True, "release", b)
        if a == "release":
            yield (False, False, "take1", b)
        # B: take2 -> take1 -> release
        if b == "take2" and not l2:
            yield (l1, True, a, "take1")
        if b == "take1" and not l1:
            yield (True, l2, a, "release")
        if b == "release":
            yield (False, False, a, "take2")


class LostUpdate(Model):
    """specs/small/assert.kspec: state (x, finished, pc0, tmp0, pc1, tmp1, pcCheck)."""

    def init(self):
        return [(0, 0, "load", 0, "load", 0, "check")]

    def succ(self, s):
        x, fin, pc0, t0, pc1, t1, pcc = s
        incs = [(pc0, t0), (pc1, t1)]
        for i in (0, 1):
            pc, tmp = incs[i]
            new = list(incs)
            nx, nfin = x, fin
            if pc == "load":
                new[i] = ("store", x)
            elif pc == "store":
                nx = tmp + 1
                nfin = fin + 1
                new[i] = (DONE, tmp)
            else:
                continue
            yield (nx, nfin, new[0][0], new[0][1], new[1][0], new[1][1], pcc)
        if pcc == "check" and fin == 2:
            if x != 2:
                yield ASSERT_FAIL
            else:
                yield (x, fin, pc0, t0, pc1, t1, DONE)

    def may_stop(self, s):
        return s[2] == DONE and s[4] == DONE and s[6] == DONE


# --------------------------------------------------------------------------- specs/bench
DAX, PC = "Dax", "PageCache"  # Aops; None stands for `none` (the peers' slot value 0)


def flip(a):
    return PC if a == DAX else DAX


class DaxBench(Model):
    """specs/bench/dax-safe.kspec and dax-racy.kspec, the peer encoding of gen.py.
    state (aops, sdax, xa, rd, w, faults, changer): faults = tuple of (pc, pg, rem) per fault;
    changer = (pc,) safe or (pc, dec) racy."""

    def __init__(self, racy, FAULTS=2, PAGES=2):
        self.racy, self.N, self.P = racy, FAULTS, PAGES
        self.invariants = {"NoMixedAops": lambda s: all(pc != "mkwrite" or rem == s[0] for pc, _, rem in s[5])}

    def init(self):
        ch = ("check", False) if self.racy else ("lock",)
        return [(DAX, True, (None,) * self.P, 0, False, (("lock", 0, None),) * self.N, ch)]

    def succ(self, s):
        aops, sdax, xa, rd, w, faults, ch = s
        for i, (pc, pg, rem) in enumerate(faults):
            if pc == "lock":  # F1
                if w:
                    continue
                for p in range(self.P):
                    yield (aops, sdax, xa, rd + 1, w, replace(faults, i, ("populate", p, rem)), ch)
            elif pc == "populate":  # F2
                nxa = replace(xa, pg, aops) if xa[pg] is None else xa
                yield (aops, sdax, nxa, rd, w, replace(faults, i, ("mkwrite", pg, nxa[pg])), ch)
            elif pc == "mkwrite":  # F3
                yield (aops, sdax, xa, rd - 1, w, replace(faults, i, ("lock", 0, None)), ch)
        empty = all(v is None for v in xa)

        def act(doswap):
            if doswap:
                return flip(aops), not sdax, xa
            return aops, sdax, (None,) * self.P

        if not self.racy:
            (cpc,) = ch
            if cpc == "lock" and rd == 0 and not w:  # C1
                yield (aops, sdax, xa, rd, True, faults, ("act",))
            if cpc == "act":  # C2
                a, sd, x = act(empty)
                yield (a, sd, x, rd, False, faults, ("lock",))
        else:
            cpc, dec = ch
            if cpc == "check":  # R1
                yield (aops, sdax, xa, rd, w, faults, ("lock", empty))
            if cpc == "lock" and rd == 0 and not w:  # R2
                yield (aops, sdax, xa, rd, True, faults, ("act", dec))
            if cpc == "act":  # R3
                a, sd, x = act(dec)
                yield (a, sd, x, rd, False, faults, ("check", False))


class Philosophers(Model):
    """specs/bench/philosophers.kspec: state (fork tuple, pc tuple)."""

    def __init__(self, N=4):
        self.N = N
        self.invariants = {"NeighboursNotBothEating":
                           lambda s: all(not (s[1][i] == "eating" and s[1][(i + 1) % N] == "eating") for i in range(N))}

    def first(self, i):
        return 0 if i == self.N - 1 else i

    def second(self, i):
        return self.N - 1 if i == self.N - 1 else i + 1

    def init(self):
        return [((False,) * self.N, ("thinking",) * self.N)]

    def succ(self, s):
        fork, pcs = s
        for i, pc in enumerate(pcs):
            a, b = self.first(i), self.second(i)
            if pc == "thinking" and not fork[a]:
                yield (replace(fork, a, True), replace(pcs, i, "hungry"))
            elif pc == "hungry" and not fork[b]:
                yield (replace(fork, b, True), replace(pcs, i, "eating"))
            elif pc == "eating":
                yield (replace(replace(fork, a, False), b, False), replace(pcs, i, "thinking"))


# --------------------------------------------------------------------------- specs/dax
class DaxToctou(Model):
    """specs/dax/toctou.kspec: state (aops, xa, faults, setdax_pc); faults = (pc, page, via)."""

    def __init__(self, FAULTS=2, PAGES=1):
        self.N, self.P = FAULTS, PAGES
        self.invariants = {"NoMixedAops": lambda s: all(pc != "mkwrite" or via == s[0] for pc, _, via in s[2])}

    def init(self):
        return [(PC, (None,) * self.P, (("populate", 0, None),) * self.N, "check")]

    def succ(self, s):
        aops, xa, faults, spc = s
        for i, (pc, page, via) in enumerate(faults):
            if pc == "populate":
                for p in range(self.P):
                    nxa = replace(xa, p, aops) if xa[p] is None else xa
                    yield (aops, nxa, replace(faults, i, ("mkwrite", p, nxa[p])), spc)
            elif pc == "mkwrite":
                yield (aops, xa, replace(faults, i, ("populate", page, via)), spc)
        if spc == "check" and all(v is None for v in xa):
            yield (aops, xa, faults, "swap")
        if spc == "swap":
            yield (flip(aops), xa, faults, "check")


class DaxMmapLock(Model):
    """specs/dax/mmaplock.kspec: state (aops, xa, readers, writer, faults, setdax_pc)."""

    def __init__(self, FAULTS=2, PAGES=1):
        self.N, self.P = FAULTS, PAGES
        self.invariants = {
            "NoMixedAops": lambda s: all(pc != "mkwrite" or via == s[0] for pc, _, via in s[4]),
            "Homogeneous": lambda s: all(v is None or v == s[0] for v in s[1]),
            "RwsemExclusive": lambda s: not (s[3] and s[2] > 0),
        }

    def init(self):
        return [(PC, (None,) * self.P, 0, False, (("lock", 0, None),) * self.N, "lock")]

    def succ(self, s):
        aops, xa, rd, wr, faults, spc = s
        for i, (pc, page, via) in enumerate(faults):
            if pc == "lock":
                if not wr:
                    yield (aops, xa, rd + 1, wr, replace(faults, i, ("populate", page, via)), spc)
            elif pc == "populate":
                for p in range(self.P):
                    nxa = replace(xa, p, aops) if xa[p] is None else xa
                    yield (aops, nxa, rd, wr, replace(faults, i, ("mkwrite", p, nxa[p])), spc)
            elif pc == "mkwrite":
                yield (aops, xa, rd - 1, wr, replace(faults, i, ("lock", 0, None)), spc)
        if spc == "lock" and rd == 0 and not wr:
            yield (aops, xa, rd, True, faults, "invalidate")
        elif spc == "invalidate":
            yield (aops, (None,) * self.P, rd, wr, faults, "check")
        elif spc == "check":
            a = flip(aops) if all(v is None for v in xa) else aops
            yield (a, xa, rd, wr, faults, "unlock")
        elif spc == "unlock":
            yield (aops, xa, rd, False, faults, "lock")


class DaxDontCache(Model):
    """specs/dax/dontcache.kspec: state (disk_dax, aops, sdax, icount, dontcache, xa, users, setflag_pc,
    ); users = (pc, mode, page, via). aops None = not cached."""

    def __init__(self, USERS=2, PAGES=1):
        self.U, self.P = USERS, PAGES

        def coherent(s):
            disk, aops, sdax, ic, dc, xa = s[:6]
            if aops is None:
                return not sdax and ic == 0 and all(v is None for v in xa)
            return sdax == (aops == DAX)

        self.invariants = {
            "NoMixedAops": lambda s: all(pc != "mkwrite" or via == s[1] for pc, _, _, via in s[6]),
            "Homogeneous": lambda s: all(v is None or v == s[1] for v in s[5]),
            "VmaModeKept": lambda s: all(pc == "open" or mode == s[1] for pc, mode, _, _ in s[6]),
            "CoherentPair": coherent,
        }

    def init(self):
        return [(d, None, False, 0, False, (None,) * self.P, (("open", None, 0, None),) * self.U, "open")
                for d in (False, True)]

    def iget(self, disk, aops, sdax, ic):
        if aops is None:
            aops, sdax = (DAX if disk else PC), disk
        return aops, sdax, ic + 1

    def iput(self, aops, sdax, ic, dc, xa):
        if ic == 1 and dc:
            return None, False, 0, False, (None,) * self.P
        return aops, sdax, ic - 1, dc, xa

    def succ(self, s):
        disk, aops, sdax, ic, dc, xa, users, spc = s
        for i, (pc, mode, page, via) in enumerate(users):
            if pc == "open":
                a, sd, nic = self.iget(disk, aops, sdax, ic)
                yield (disk, a, sd, nic, dc, xa, replace(users, i, ("populate", a, page, via)), spc)
            elif pc == "populate":
                for p in range(self.P):
                    nxa = replace(xa, p, aops) if xa[p] is None else xa
                    yield (disk, aops, sdax, ic, dc, nxa, replace(users, i, ("mkwrite", mode, p, nxa[p])), spc)
            elif pc == "mkwrite":
                yield (disk, aops, sdax, ic, dc, xa, replace(users, i, ("populate", mode, 0, None)), spc)
                yield (disk, aops, sdax, ic, dc, xa, replace(users, i, ("close", mode, 0, None)), spc)
            elif pc == "close":
                a, sd, nic, ndc, nxa = self.iput(aops, sdax, ic, dc, xa)
                yield (disk, a, sd, nic, ndc, nxa, replace(users, i, ("open", None, page, via)), spc)
        if spc == "open":
            a, sd, nic = self.iget(disk, aops, sdax, ic)
            yield (disk, a, sd, nic, dc, xa, users, "set")
        elif spc == "set":
            yield (not disk, aops, sdax, ic, True, xa, users, "close")
        elif spc == "close":
            a, sd, nic, ndc, nxa = self.iput(aops, sdax, ic, dc, xa)
            yield (disk, a, sd, nic, ndc, nxa, users, "open")
        # action Reclaim
        if aops is not None and ic == 0:
            yield (disk, None, False, 0, False, (None,) * self.P, users, spc)


# Slots of lib/xarray.kspec and helpers of lib/aops.kspec, transcribed.
EMPTY, PAGE, PAGE_DIRTY, DAXE, DAX_DIRTY = "Empty", "Page", "PageDirty", "DaxEntry", "DaxDirty"


def mode(dax):
    return DAX if dax else PC


def is_page(slot):
    return slot in (PAGE, PAGE_DIRTY)


def is_dax(slot):
    return slot in (DAXE, DAX_DIRTY)


def populated(a):
    return DAXE if a == DAX else PAGE


def dirtied(a):
    return DAX_DIRTY if a == DAX else PAGE_DIRTY


def compatible(a, slot):
    return not is_page(slot) if a == DAX else not is_dax(slot)


def agree(a, b):
    return a is None or b is None or a == b


def mixed(a):
    """The outcome of a call through aops `a` that finds the other mode's entry."""
    return "Sigbus" if a == DAX else "MixedInsert"


class DaxFault(Model):
    """specs/dax/fault.kspec: state (sdax, aops, (readers, writer, waiting), slot,
    (pc, pre, at_fault, at_mkwrite, outcome) of Fault, SetDax pc)."""

    def __init__(self, FAULT_PRECHECK=True, START_DAX=True):
        self.pre_check, self.start = FAULT_PRECHECK, START_DAX
        self.invariants = {"SingleModeFault": lambda s: (
            agree(s[4][1], s[4][2]) and agree(s[4][1], s[4][3]) and agree(s[4][2], s[4][3]) and s[4][4] != "NoPageBug")}

    def init(self):
        return [(self.start, mode(self.start), (0, False, 0), EMPTY, ("check_dax", None, None, None, "Running"), "queue")]

    def succ(self, s):
        sdax, aops, (rd, wr, wt), slot, (pc, pre, af, am, out), spc = s
        if pc == "check_dax":
            yield (sdax, aops, (rd, wr, wt), slot, ("fault_lock", mode(sdax) if self.pre_check else pre, af, am, out), spc)
        elif pc in ("fault_lock", "mkwrite_lock") and not wr and wt == 0:  # down_read
            nxt = "fault" if pc == "fault_lock" else "mkwrite"
            yield (sdax, aops, (rd + 1, wr, wt), slot, (nxt, pre, af, am, out), spc)
        elif pc == "fault":
            af = mode(sdax)
            if af == DAX:
                if pre == PC:
                    slot, out = DAXE, "Done"
                elif is_page(slot):
                    out = "Sigbus"
                else:
                    slot, out = DAX_DIRTY, "Done"
                nxt = "finished"
            elif pre == DAX:
                out, nxt = "NoPageBug", "finished"
            else:
                if is_dax(slot):
                    out = "MixedInsert"
                slot, nxt = PAGE, "mkwrite_lock"
            yield (sdax, aops, (rd - 1, wr, wt), slot, (nxt, pre, af, am, out), spc)
        elif pc == "mkwrite":
            am = mode(sdax)
            if am == DAX:
                if is_page(slot):
                    out = "Sigbus"
                else:
                    slot, out = DAX_DIRTY, "Done"
            else:
                if slot == PAGE:
                    slot = PAGE_DIRTY
                out = "Done"
            yield (sdax, aops, (rd - 1, wr, wt), slot, ("finished", pre, af, am, out), spc)
        elif pc == "finished":
            yield (sdax, aops, (rd, wr, wt), slot, (DONE, pre, af, am, out), spc)
        f = s[4]
        if spc == "queue":
            yield (sdax, aops, (rd, wr, wt + 1), slot, f, "take")
        elif spc == "take" and not wr and rd == 0:
            yield (sdax, aops, (rd, True, wt - 1), slot, f, "flip")
        elif spc == "flip":
            yield (not sdax, mode(not sdax), (rd, False, wt), EMPTY, f, "queue")


class DaxXaEmpty(Model):
    """specs/dax/xa-empty.kspec: state (aops, xa_lock, slot, (pc, at_fault, at_mkwrite, outcome), SetDax pc)."""

    def __init__(self, SWAP_UNDER_XA_LOCK=False):
        self.under = SWAP_UNDER_XA_LOCK
        self.invariants = {"SingleModeFault": lambda s: agree(s[3][1], s[3][2]) and s[3][3] not in ("Sigbus", "MixedInsert")}

    def init(self):
        return [(PC, False, EMPTY, ("fault", None, None, "Running"), "lock")]

    def succ(self, s):
        aops, lk, slot, (pc, af, am, out), spc = s
        f = s[3]
        if pc == "fault":
            yield (aops, lk, slot, ("populate_lock", aops, am, out), spc)
        elif pc == "populate_lock" and not lk:
            yield (aops, True, slot, ("populate", af, am, out), spc)
        elif pc == "populate":
            if slot == EMPTY:
                slot = populated(af)
            elif not compatible(af, slot):
                out = mixed(af)
            yield (aops, False, slot, ("mkwrite", af, am, out), spc)
        elif pc == "mkwrite":
            if not compatible(aops, slot):
                out = mixed(aops)
            else:
                slot, out = dirtied(aops), "Done"
            yield (aops, lk, slot, (DONE, af, aops, out), spc)
        slot = s[2]
        if spc == "lock" and not lk:
            yield (aops, True, slot, f, "check")
        elif spc == "check":
            if slot != EMPTY:
                yield (aops, False, slot, f, "lock")
            elif self.under:
                yield (flip(aops), False, slot, f, "lock")
            else:
                yield (aops, False, slot, f, "swap")
        elif spc == "swap":
            yield (flip(aops), lk, slot, f, "lock")


class DaxDirRename(Model):
    """specs/dax/dir-rename.kspec: state (parent, cached, sdax, icount, (pc, via, got) of App, Admin pc)."""
    DAXDIR, PLAIN = "DaxDir", "PlainDir"

    def __init__(self):
        self.invariants = {"OpenGetsDirPolicy": lambda s: s[4][1] is None or s[4][2] == (s[4][1] == self.DAXDIR)}

    def init(self):
        return [(self.DAXDIR, False, False, 0, ("open", None, None), "mv")]

    def succ(self, s):
        parent, cached, sdax, ic, (pc, via, got), apc = s
        if pc == "open":
            nc, nsd = (cached, sdax) if cached else (True, parent == self.DAXDIR)
            yield (parent, nc, nsd, ic + 1, ("close", parent, nsd), apc)
        elif pc == "close":
            yield (parent, cached, sdax, ic - 1, ("open", None, None), apc)
        other = self.PLAIN if parent == self.DAXDIR else self.DAXDIR
        yield (other, cached, sdax, ic, s[4], apc)
        if cached and ic == 0:  # action Reclaim
            yield (parent, False, False, ic, s[4], apc)


class DaxAopsRefcount(Model):
    """specs/dax/aops-refcount.kspec: state (aops, inflight, slot, faults, SetDax pc); faults =
    (pc, at_fault, at_mkwrite, outcome) per fault."""

    def __init__(self, FAULTS=2):
        self.N = FAULTS
        self.invariants = {"SingleModeFault": lambda s: all(
            agree(af, am) and out not in ("Sigbus", "MixedInsert") for _, af, am, out in s[3])}

    def init(self):
        return [(PC, 0, EMPTY, (("fault_get", None, None, "Running"),) * self.N, "swap")]

    def succ(self, s):
        aops, inf, slot, faults, spc = s
        for i, (pc, af, am, out) in enumerate(faults):
            sl = slot
            if pc == "fault_get":
                yield (aops, inf + 1, sl, replace(faults, i, ("fault", aops, am, out)), spc)
            elif pc == "fault":
                if sl == EMPTY:
                    sl = populated(af)
                elif not compatible(af, sl):
                    out = mixed(af)
                yield (aops, inf - 1, sl, replace(faults, i, ("mkwrite_get", af, am, out)), spc)
            elif pc == "mkwrite_get":
                yield (aops, inf + 1, sl, replace(faults, i, ("mkwrite", af, aops, out)), spc)
            elif pc == "mkwrite":
                if not compatible(am, sl):
                    out = mixed(am)
                else:
                    sl, out = dirtied(am), "Done"
                yield (aops, inf - 1, sl, replace(faults, i, (DONE, af, am, out)), spc)
        if inf == 0:
            yield (flip(aops), inf, EMPTY, faults, spc)


class DaxAopsGate(Model):
    """specs/dax/aops-gate.kspec: state (aops, inflight, gate, slot, faults, SetDax pc); faults =
    (pc, at_fault, at_mkwrite, outcome) per fault."""

    def __init__(self, FAULTS=2, CHAIN_REF=True, GATE=True):
        self.N, self.chain, self.gate = FAULTS, CHAIN_REF, GATE
        self.invariants = {"SingleModeFault": lambda s: all(
            agree(af, am) and out not in ("Sigbus", "MixedInsert") for _, af, am, out in s[4])}

    def init(self):
        return [(PC, 0, False, EMPTY, (("start", None, None, "Running"),) * self.N, "lock_aops")]

    def succ(self, s):
        aops, inf, gate, slot, faults, spc = s
        for i, (pc, af, am, out) in enumerate(faults):
            sl = slot
            if pc == "start" and not gate:
                yield (aops, inf + 1, gate, sl, replace(faults, i, ("fault", None, None, "Running")), spc)
            elif pc == "fault":
                if sl == EMPTY:
                    sl = populated(aops)
                elif not compatible(aops, sl):
                    out = mixed(aops)
                if self.chain:
                    yield (aops, inf, gate, sl, replace(faults, i, ("mkwrite", aops, am, out)), spc)
                else:
                    yield (aops, inf - 1, gate, sl, replace(faults, i, ("mkwrite_start", aops, am, out)), spc)
            elif pc == "mkwrite_start" and not gate:
                yield (aops, inf + 1, gate, sl, replace(faults, i, ("mkwrite", af, am, out)), spc)
            elif pc == "mkwrite":
                if not compatible(aops, sl):
                    out = mixed(aops)
                else:
                    sl, out = dirtied(aops), "Done"
                yield (aops, inf - 1, gate, sl, replace(faults, i, ("start", af, aops, out)), spc)
        if spc == "lock_aops":
            yield (aops, inf, True if self.gate else gate, slot, faults, "drain")
        elif spc == "drain" and inf == 0:
            yield (aops, inf, gate, slot, faults, "switch_aops")
        elif spc == "switch_aops":
            yield (flip(aops), inf, gate, EMPTY, faults, "unlock_aops")
        elif spc == "unlock_aops":
            yield (aops, inf, False, slot, faults, "lock_aops")


class DaxDontCacheLiveness(Model):
    """specs/dax/dontcache-liveness.kspec (its safety part: states and invariants): state (disk, cached,
    sdax, aops, icount, dontcache, slot, users, SetFlag pc); users = (pc, rounds, at_fault, at_mkwrite)."""

    def __init__(self, USERS=2, ROUNDS=2):
        self.U, self.R = USERS, ROUNDS
        self.invariants = {
            "SingleModeFault": lambda s: all(am is None or am == af for _, _, af, am in s[7]),
            "Homogeneous": lambda s: compatible(s[3], s[6]) and s[3] == mode(s[2]),
        }

    def init(self):
        return [(d, False, False, PC, 0, False, EMPTY, (("open", 0, None, None),) * self.U, "open") for d in (False, True)]

    @staticmethod
    def iget(disk, cached, sdax, aops, ic, dc):
        if not cached:
            cached, sdax, aops, dc = True, disk, mode(disk), False
        return cached, sdax, aops, ic + 1, dc

    @staticmethod
    def iputs(cached, sdax, aops, ic, dc, slot):
        """Both branches of the iput macro: the last put (evicts a don't-cache inode) and another put."""
        if ic == 1:
            if dc:
                yield False, False, PC, 0, False, EMPTY
            else:
                yield cached, sdax, aops, 0, dc, slot
        if ic > 1:
            yield cached, sdax, aops, ic - 1, dc, slot

    def succ(self, s):
        disk, cached, sdax, aops, ic, dc, slot, users, spc = s
        for i, (pc, rounds, af, am) in enumerate(users):
            if pc == "open":
                c, sd, a, nic, ndc = self.iget(disk, cached, sdax, aops, ic, dc)
                yield (disk, c, sd, a, nic, ndc, slot, replace(users, i, ("fault", rounds, af, am)), spc)
            elif pc == "fault":
                sl = populated(aops) if slot == EMPTY else slot
                yield (disk, cached, sdax, aops, ic, dc, sl, replace(users, i, ("mkwrite", rounds, aops, am)), spc)
            elif pc == "mkwrite":
                yield (disk, cached, sdax, aops, ic, dc, dirtied(aops), replace(users, i, ("close", rounds, af, aops)), spc)
            elif pc == "close":
                r = rounds + 1
                nxt = "open" if r < self.R else DONE
                for c, sd, a, nic, ndc, sl in self.iputs(cached, sdax, aops, ic, dc, slot):
                    yield (disk, c, sd, a, nic, ndc, sl, replace(users, i, (nxt, r, None, None)), spc)
        if spc == "open":
            c, sd, a, nic, ndc = self.iget(disk, cached, sdax, aops, ic, dc)
            yield (disk, c, sd, a, nic, ndc, slot, users, "set")
        elif spc == "set":
            yield (not disk, cached, sdax, aops, ic, True, slot, users, "close")
        elif spc == "close":
            for c, sd, a, nic, ndc, sl in self.iputs(cached, sdax, aops, ic, dc, slot):
                yield (disk, c, sd, a, nic, ndc, sl, users, DONE)
        if cached and ic == 0:  # action Reclaim
            yield (disk, False, False, PC, 0, False, EMPTY, users, spc)

    def may_stop(self, s):
        return all(pc == DONE for pc, _, _, _ in s[7]) and s[8] == DONE


# --------------------------------------------------------------------------- the table
CASES = [
    ("specs/small/counter.kspec", lambda: Counter()),
    ("specs/small/mutex.kspec", lambda: Peterson()),
    ("specs/small/mutex-broken.kspec", lambda: BrokenMutex()),
    ("specs/small/deadlock.kspec", lambda: LockOrder()),
    ("specs/small/assert.kspec", lambda: LostUpdate()),
    ("specs/dax/toctou.kspec", lambda: DaxToctou()),
    ("specs/dax/mmaplock.kspec", lambda: DaxMmapLock()),
    ("specs/dax/dontcache.kspec", lambda: DaxDontCache()),
    ("specs/dax/fault.kspec", lambda: DaxFault()),
    ("specs/dax/fault.kspec FAULT_PRECHECK=false START_DAX=false", lambda: DaxFault(False, False)),
    ("specs/dax/xa-empty.kspec", lambda: DaxXaEmpty()),
    ("specs/dax/xa-empty.kspec SWAP_UNDER_XA_LOCK=true", lambda: DaxXaEmpty(True)),
    ("specs/dax/dir-rename.kspec", lambda: DaxDirRename()),
    ("specs/dax/aops-refcount.kspec", lambda: DaxAopsRefcount()),
    ("specs/dax/aops-gate.kspec", lambda: DaxAopsGate()),
    ("specs/dax/aops-gate.kspec CHAIN_REF=false", lambda: DaxAopsGate(CHAIN_REF=False)),
    ("specs/dax/aops-gate.kspec GATE=false", lambda: DaxAopsGate(GATE=False)),
    ("specs/dax/dontcache-liveness.kspec", lambda: DaxDontCacheLiveness()),
    ("specs/bench/dax-safe.kspec", lambda: DaxBench(False)),
    ("specs/bench/dax-safe.kspec FAULTS=3 PAGES=3", lambda: DaxBench(False, 3, 3)),
    ("specs/bench/dax-racy.kspec", lambda: DaxBench(True)),
    ("specs/bench/dax-racy.kspec FAULTS=3 PAGES=3", lambda: DaxBench(True, 3, 3)),
    ("specs/bench/philosophers.kspec", lambda: Philosophers(4)),
    ("specs/bench/philosophers.kspec N=6", lambda: Philosophers(6)),
]

# Figures published for the peers (shared/peers/README.md): the oracle must reproduce them.
PEER = {
    "specs/bench/dax-safe.kspec": {"distinct": 140},
    "specs/bench/dax-safe.kspec FAULTS=3 PAGES=3": {"distinct": 2876},
    "specs/bench/dax-racy.kspec": {"trace": 8},
    "specs/bench/philosophers.kspec": {"distinct": 29},
    "specs/bench/philosophers.kspec N=6": {"distinct": 169},
}


def print_trace(key):
    parents = {}
    res = bfs(dict(CASES)[key](), parents)
    if "_witness" not in res:
        print(key, "holds: no counterexample")
        return
    path, s = [], res["_witness"]
    while s is not None:
        path.append(s)
        s = parents[s]
    path.reverse()
    for i, st in enumerate(path):
        print(f"{i:3} {st}")
    if res["verdict"] == "violation assert":
        print(f"{len(path):3} <the step from the last state fails its assert>")
    print(res["verdict"], "after", res["trace"], "transitions")


def main():
    if "--trace" in sys.argv:
        print_trace(sys.argv[sys.argv.index("--trace") + 1])
        return
    results = {}
    for key, make in CASES:
        res = bfs(make())
        res.pop("_witness", None)
        results[key] = res
        print(f"{key:48} {json.dumps(results[key])}")
    ok = True
    for key, want in PEER.items():
        for k, v in want.items():
            if results[key].get(k) != v:
                print(f"PEER MISMATCH {key}: {k} = {results[key].get(k)}, peers say {v}")
                ok = False
    for key, _ in CASES:  # the `// expect:` line of every spec agrees with the oracle's verdict
        if len(key.split()) > 1:
            continue  # the header speaks for the default constants only
        path = os.path.join(HERE, "..", "..", key.split()[0])
        with open(path) as f:
            expect = next(l for l in f if l.startswith("// expect:")).split(":", 1)[1].strip()
        if expect != results[key]["verdict"]:
            print(f"EXPECT MISMATCH {key}: header says {expect!r}, oracle finds {results[key]['verdict']!r}")
            ok = False
    target = os.path.join(HERE, "expected.json")
    if "--write" in sys.argv:
        with open(target, "w") as f:
            json.dump(results, f, indent=2)
            f.write("\n")
        print("wrote", target)
    elif os.path.exists(target):
        with open(target) as f:
            if json.load(f) != results:
                print("expected.json differs from the oracle (run with --write)")
                ok = False
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
