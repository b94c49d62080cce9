// Small inline specs for the differential test, one or two language features each, so that a
// disagreement points at a construct. Expected outcomes are not written here: the reference decides.
export interface InlineCase {
  readonly name: string;
  readonly text: string;
  readonly deadlock?: boolean;
  readonly consts?: Readonly<Record<string, string>>;
}

export const inlineCases: readonly InlineCase[] = [
  { name: "counter with terminal", text: `spec C
    var n: 0 .. 3 = 0
    action Inc { await n < 3  n := n + 1 }
    terminal n == 3` },
  { name: "floor division and modulo of negatives", text: `spec D
    var x: -7 .. 7 in -7 .. 7
    var q: -8 .. 8 = 0
    var r: -3 .. 3 = 0
    action Div { await q == 0 and r == 0  q := x / 3  r := x % 3 }
    action DivNeg { await q == 0 and r == 0  q := x / -2  r := x % -2 }
    terminal true
    invariant Euclid: q == 0 and r == 0 or (x == 3 * q + r) or (x == -2 * q + r)
    invariant RemSign: r == 0 or (r > 0) == (x - 3 * (x / 3) > 0) or r < 0` },
  { name: "division by zero in a step", text: `spec Z
    var d: 0 .. 2 = 2
    var y: 0 .. 9 = 0
    action Dec { await d > 0  d := d - 1 }
    action Use { y := 6 / d }` },
  { name: "modulo by zero in an invariant", text: `spec Z
    var d: 0 .. 2 = 2
    action Dec { await d > 0  d := d - 1 }
    terminal d == 0
    invariant M: 5 % d >= 0` },
  { name: "range fault on store", text: `spec R
    var n: 0 .. 3 = 0
    action Inc { n := n + 1 }` },
  { name: "range fault in an initial value", text: `spec R
    const K = 5
    var n: 0 .. 3 = K
    terminal true` },
  { name: "range fault in an in-initializer", text: `spec R
    var n: 0 .. 3 in {1, 2, 9}
    terminal true` },
  { name: "no initial states", text: `spec E
    var n: 0 .. 3 in {x in 0 .. 3 where x > 5}
    action A { n := 0 }` },
  { name: "map domain fault", text: `spec M
    var m: [0 .. 2] Bool = [i in 0 .. 2: false]
    var i: 0 .. 5 = 0
    action Step { await i < 5  m := m with [i] = true  i := i + 1 }
    terminal i == 5` },
  { name: "map read outside the domain in an invariant", text: `spec M
    var m: [0 .. 2] 0 .. 3 = [i in 0 .. 2: i]
    var i: 0 .. 4 = 0
    action Step { await i < 4  i := i + 1 }
    terminal i == 4
    invariant Small: m[i] < 4` },
  { name: "unwrap none", text: `spec U
    var o: (0 .. 3)? = some(1)
    var x: 0 .. 3 = 0
    action Clear { o := none }
    action Read { x := unwrap(o) }` },
  { name: "options compare with scalars", text: `spec O
    var o: (0 .. 3)? in {1, 2}
    var seen: Bool = false
    action A { await not seen  seen := true  if o == 1 { o := none } else { o := some(3) } }
    terminal seen
    invariant I: o == none or o == 3 or o == 2 or o == 1` },
  { name: "assert after an either", text: `spec A
    var x: 0 .. 3 = 0
    process P {
      a: either { x := 1 } or { x := 2 } or { x := 3 }
      b: assert x != 3 : "three"
    }` },
  { name: "await before assert disables the step", text: `spec A
    var x: 0 .. 3 = 0
    action Inc { await x < 3  x := x + 1 }
    action Check { await x == 2  assert x < 2 }
    terminal x == 3` },
  { name: "deadlock and --no-deadlock", text: `spec D
    var x: Bool = false
    action A { await not x  x := true }` },
  { name: "deadlock off", deadlock: false, text: `spec D
    var x: Bool = false
    action A { await not x  x := true }` },
  { name: "fault evaluating terminal", text: `spec T
    var d: 0 .. 2 = 2
    action Dec { await d > 0  d := d - 1 }
    terminal 4 / d == 2` },
  { name: "processes done are not a deadlock", text: `spec P
    var c: 0 .. 4 = 0
    process W[w in 1 .. 2] {
      one: c := c + 1
      two: c := c + 1
    }
    invariant Max: c <= 4` },
  { name: "while loop, each iteration a step", text: `spec W
    var i: 0 .. 5 = 0
    var t: 0 .. 20 = 0
    process P {
      loop: while i < 4 { i := i + 1  t := t + i }
      after: t := t - 1
    }` },
  { name: "while with inner labels and goto", text: `spec W
    var i: 0 .. 3 = 0
    var j: 0 .. 9 = 0
    process P {
      outer: while i < 3 {
        i := i + 1
        inner: j := j + i
      }
      fin: goto fin2
      fin2: skip
    }` },
  { name: "labels inside if and either", text: `spec L
    var x: 0 .. 5 = 0
    process P[p in 0 .. 1] {
      start:
        if x < 2 {
          x := x + 1
          mid: x := x + 1
        } else {
          either { skip } or { x := 0 }
        }
      last: skip
    }` },
  { name: "any with where and parameters", text: `spec A
    var s: Set[0 .. 4] = {}
    action Add(v in 0 .. 4) { await v notin s  s := s union {v} }
    action Pick { any v in s where v % 2 == 0 { s := s diff {v} } }
    terminal card(s) == 5` },
  { name: "set operations and comprehensions", text: `spec S
    var k: 0 .. 2 in 0 .. 2
    var a: Set[0 .. 5] = {x in 0 .. 5 where (k == 0 and x in {1, 2}) or (k == 1 and x in {2, 3, 4})}
    var b: Set[0 .. 5] = {0, 2, 4}
    var done: Bool = false
    action Mix {
      await not done
      done := true
      a := (a inter b) union {x in 0 .. 5 where x in a and x notin b}
      b := {x + 1 for x in {y in b where y < 5}}
    }
    action Shrink { await done and card(a) > 0  any v in a { a := a diff {v} } }
    terminal done and a == {}
    invariant Sub: a subset {0, 1, 2, 3, 4} and card(b) >= 2 and (b == {1, 3, 5} or not done)` },
  { name: "enums, maps of records, with updates", text: `spec E
    enum Mode { Off, Low, High }
    type Slot = { mode: Mode, count: 0 .. 2 }
    var m: [Bool] Slot = [b in Bool: { mode: Off, count: 0 }]
    action Bump(k in Bool, md in Mode) {
      await m[k].count < 2
      m := m with [k].count = (m[k].count + 1) with [k].mode = md
    }
    terminal forall k in Bool: m[k].count == 2
    invariant NotBoth: not (m[false].mode == High and m[true].mode == High and m[true].count == 2 and m[false].count == 2)` },
  { name: "record field assignment", text: `spec R
    var r: { a: 0 .. 3, b: Bool } = { a: 0, b: false }
    action A { await r.a < 3  r.a := r.a + 1 }
    action B { await not r.b  r.b := true }
    terminal r.a == 3 and r.b` },
  { name: "process locals, self, P[i].x and at", text: `spec P
    var turn: 0 .. 2 = 0
    process Q[q in 0 .. 2] {
      var mine: 0 .. 3 = q
      go:
        await turn == self
        mine := mine + 1
        turn := (turn + 1) % 3
      back: goto go
    }
    invariant Order: Q[0].mine >= Q[1].mine - 1
    invariant OneMoves: not (Q[0] at back and Q[1] at back and Q[2] at back)` },
  { name: "single process local and P.x", text: `spec S
    process P {
      var n: 0 .. 2 = 0
      a: n := n + 1
      b: n := n + 1
    }
    invariant Two: P at done implies P.n == 2` },
  { name: "defs with parameters and quantifiers", text: `spec D
    const N = 3
    var v: [0 .. N - 1] 0 .. 2 = [i in 0 .. N - 1: 0]
    def total(k: 0 .. 3): 0 .. 12 = if k == 0 then 0 else v[0] + (if k > 1 then v[1] else 0) + (if k > 2 then v[2] else 0)
    def isMax(i: 0 .. N - 1): Bool = forall j in 0 .. N - 1: v[j] <= v[i]
    action Inc(i in 0 .. N - 1) { await v[i] < 2 and total(3) < 4  v := v with [i] = (v[i] + 1) }
    terminal total(3) >= 4 or (forall i in 0 .. N - 1: v[i] == 2)
    invariant SomeMax: exists i in 0 .. N - 1: isMax(i)` },
  { name: "def argument out of its parameter range", text: `spec D
    var x: 0 .. 5 = 0
    def half(k: 0 .. 3): 0 .. 3 = k / 2
    action Inc { await x < 5  x := x + 1 }
    terminal x == 5
    invariant H: half(x) <= 2` },
  { name: "let in expressions", text: `spec L
    var x: 0 .. 4 = 0
    action A { await x < 4  x := let y = x + 1 in min(y, 4) }
    terminal x == 4
    invariant Let: let z = x * 2 in z <= 8 and max(z, 1) >= 1` },
  { name: "initializers in dependency order", text: `spec I
    var a: 0 .. 9 = b + 1
    var b: 0 .. 9 in {1, 2}
    var c: 0 .. 9 = a + b
    terminal true
    invariant Sum: c == 2 * b + 1` },
  { name: "local initializers and any in init", text: `spec I
    var base: 0 .. 3 in 0 .. 1
    process P[p in 0 .. 1] {
      var k: 0 .. 5 = base + p
      var j: Bool in Bool
      a: await j  k := k + 1
    }
    terminal true` },
  { name: "invariant violated in the initial state", text: `spec I
    var x: 0 .. 3 in 0 .. 3
    action A { x := 0 }
    invariant NotThree: x != 3` },
  { name: "two invariants, first failing reported per state", text: `spec I
    var x: 0 .. 3 = 0
    action A { await x < 3  x := x + 1 }
    terminal x == 3
    invariant A1: x < 2
    invariant A2: x < 3` },
  { name: "implies and short-circuit guards faults", text: `spec S
    var d: 0 .. 2 = 2
    action Dec { await d > 0  d := d - 1 }
    terminal d == 0
    invariant Safe: d != 0 implies 4 / d >= 2
    invariant Safe2: d == 0 or 4 % d == 0` },
  { name: "if expression and nested quantifiers", text: `spec Q
    var s: Set[0 .. 3] = {}
    action Add(v in 0 .. 3) { await v notin s  s := s union {v} }
    terminal card(s) == 4
    invariant Q: forall a in s: exists b in 0 .. 3: (if a == 0 then b == 0 else b == a - 1)` },
  { name: "bool members and bool maps", text: `spec B
    var m: [Bool] Bool = [b in Bool: b]
    process P[b in Bool] {
      flip: m := m with [self] = (not m[self])
      again: m := m with [b] = (not m[b])
    }
    invariant Back: (P[false] at done and P[true] at done) implies (m[true] and not m[false])` },
  { name: "set of enums and membership in a type", text: `spec E
    enum Color { Red, Green, Blue }
    var s: Set[Color] = {Red}
    var c: Color in Color
    action Add { await c notin s  s := s union {c} }
    action Next { c := if c == Red then Green else if c == Green then Blue else Red }
    invariant HasRed: Red in s and c in Color` },
  { name: "option of an enum and none literal", text: `spec O
    enum Aops { PageCache, Dax }
    var xa: [0 .. 1] Aops? = [p in 0 .. 1: none]
    var aops: Aops in Aops
    process F[f in 1 .. 2] {
      var page: 0 .. 1 = 0
      populate:
        any p in 0 .. 1 { page := p }
        if xa[page] == none { xa := xa with [page] = aops }
      mkwrite:
        assert xa[page] == aops : "mismatch"
    }
    action Flip { await forall p in 0 .. 1: xa[p] == none  aops := if aops == Dax then PageCache else Dax }` },
  { name: "unary minus and range with negative bounds", text: `spec N
    var x: -3 .. 3 = 3
    action Down { await x > -3  x := -(-x) - 1 }
    terminal x == -3
    invariant Abs: max(x, -x) <= 3` },
  { name: "bigger numbers in arithmetic", text: `spec B
    var x: 0 .. 100000 = 1
    action Grow { await x < 50000  x := x * 7 % 100001 + 1 }
    terminal x >= 50000` },
  { name: "assignments are visible later in the step", text: `spec A
    var x: 0 .. 3 = 0
    var y: 0 .. 3 = 0
    action A { await x < 3  x := x + 1  y := x }
    terminal x == 3
    invariant Same: x == y` },
  { name: "maps with offset keys of records, whole-map copy and equality", text: `spec A
    var m1: [2 .. 3] { f: Bool, g: 0 .. 2 } = [i in 2 .. 3: { f: false, g: 0 }]
    var m2: [2 .. 3] { f: Bool, g: 0 .. 2 } = [i in 2 .. 3: { f: false, g: 0 }]
    action Put(i in 2 .. 3) { await m1[i].g < 2  m1[i].g := m1[i].g + 1 }
    action Copy { await m1 != m2  m2 := m1 }
    action Flag(i in 2 .. 3) { await not m1[i].f  m1[i].f := true }
    invariant Eq: m1 == m2 or m1 != m2
    invariant G: forall i in 2 .. 3: m2[i].g <= m1[i].g or m2[i].f` },
  { name: "option of a negative range stored out of range", text: `spec A
    var o: (-2 .. 2)? = none
    var x: -3 .. 3 = -3
    action Inc { await x < 3  x := x + 1 }
    action Store { o := some(x) }` },
  { name: "set literal with an element beyond 30", text: `spec A
    var x: 0 .. 5 = 4
    var c: 0 .. 9 = 0
    action A { await x < 5  x := x + 1  c := card({x * 10}) }
    terminal x == 5` },
  { name: "process locals of other members and quantifier over a family", text: `spec A
    var flag: Bool = false
    process P[p in 0 .. 2] {
      var mine: 0 .. 3 = 0
      a: mine := p
      b: await forall q in 0 .. 2: P[q].mine == q or P[q] at a
      c: skip
    }
    action Late { await forall q in P: P[q] at done  flag := true }
    terminal flag` },
  { name: "nested records and part assignment", text: `spec A
    type R = { a: { b: 0 .. 3, c: Bool }, d: 0 .. 1 }
    var r: R = { a: { b: 0, c: false }, d: 0 }
    action A { await r.a.b < 3  r.a.b := r.a.b + 1 }
    action B { await not r.a.c  r.a := { b: r.a.b, c: true } }
    terminal r.a.b == 3 and r.a.c
    invariant I: r.d == 0` },
  { name: "in-initializers reading other variables", text: `spec A
    var s: Set[0 .. 3] = {1, 2}
    var t: 0 .. 3 in s
    var u: 0 .. 3 in {v in 0 .. 3 where v > t}
    terminal true
    invariant T: t < u` },
  { name: "min, max, division identities on negatives", text: `spec A
    var x: -5 .. 5 = -5
    action A { await x < 5  x := x + 1 }
    terminal x == 5
    invariant M: min(x, -x) <= 0 and max(x, -3) >= -3 and (x / 2) * 2 + x % 2 == x and (x % 2 == 0 or x % 2 == 1)` },
  { name: "any over an empty set disables the action", text: `spec A
    var s: Set[0 .. 3] = {}
    action A { any v in s { s := s diff {v} } }
    action B(v in 0 .. 3) { await card(s) < 2 and v notin s  s := s union {v} }` },
  { name: "maps of maps", text: `spec A
    var m: [Bool] [0 .. 1] 0 .. 2 = [b in Bool: [i in 0 .. 1: 0]]
    action A(b in Bool, i in 0 .. 1) { await m[b][i] < 2  m[b][i] := m[b][i] + 1 }
    terminal forall b in Bool: forall i in 0 .. 1: m[b][i] == 2
    invariant Sum: m[true][0] + m[false][1] <= 4` },
  { name: "let bound to a record", text: `spec A
    var x: 0 .. 3 = 0
    var r: { a: 0 .. 3, b: 0 .. 3 } = { a: 0, b: 0 }
    action A { await x < 3  x := x + 1  r := let q = { a: x, b: 3 - x } in q }
    terminal x == 3
    invariant R: r.a + r.b == 3 or x == 0` },
  { name: "products beyond 32 bits in an invariant", text: `spec A
    var x: 0 .. 3 = 0
    action A { await x < 3  x := x + 1 }
    terminal x == 3
    invariant Big: x * 1000000 * 1000000 >= 0 and (x == 0 or x * 3000000000 > 2000000000)` },
  { name: "sets of Bool", text: `spec A
    var b: Set[Bool] = {}
    var x: Bool in Bool
    action A { await x notin b  b := b union {x}  x := not x }
    terminal card(b) == 2
    invariant I: (false in b) or (true in b) or b == {}` },
  { name: "options of an enum in a map, unwrap", text: `spec A
    enum E { A1, B1, C1 }
    var o: E? = none
    var m: [E] E? = [e in E: none]
    action Put(e in E) { await m[e] == none  m := m with [e] = e  o := some(e) }
    terminal forall e in E: m[e] != none
    invariant Opt: o == none or unwrap(o) in E` },
  { name: "set image beyond 30", text: `spec B
    var x: 0 .. 9 = 0
    var b: Bool = false
    action A { await x < 9  x := x + 1  b := 33 in {y + 30 for y in 0 .. x} }
    terminal x == 9` },
  { name: "nested while loops", text: `spec C
    var i: 0 .. 3 = 0
    var j: 0 .. 3 = 0
    var n: 0 .. 20 = 0
    process P {
      outer: while i < 2 {
        i := i + 1
        j := 0
        inner: while j < 2 {
          j := j + 1
          n := n + 1
        }
        n := n + 1
      }
      n := n + 1
    }
    invariant N: n <= 7` },
  { name: "labels inside either branches", text: `spec C
    var x: 0 .. 5 = 0
    process P[p in 0 .. 1] {
      a:
        either {
          x := x + 1
          b: x := x + 1
        } or {
          c: goto a
        }
      d: await x < 5
    }
    terminal true` },
  { name: "while inside if reached mid-step", text: `spec C
    var x: 0 .. 5 = 0
    process P {
      a:
        if x < 3 {
          l: while x < 2 { x := x + 1 }
        }
        x := x + 2
    }` },
  { name: "at with a member index out of range", text: `spec C
    var x: 0 .. 3 = 0
    var k: 0 .. 5 = 0
    action A { await k < 5  k := k + 1 }
    invariant I: P[k] at a or true
    process P[p in 0 .. 3] {
      a: x := p
    }` },
  { name: "local in-initializers and locals reading locals", text: `spec C
    var x: 0 .. 3 = 0
    process P[p in 0 .. 1] {
      var v: 0 .. 3 in 0 .. 1
      var w: 0 .. 3 = v + p
      a: x := w
    }
    invariant I: P[0].w <= 1 and P[1].w >= 1` },
  // Stuck members (issue 9): a reader re-reading behind a queued writer while a scanner loops.
  ...["", "idle at again", "idle when sem.waiting > 0"].map((idle): InlineCase => ({ name: `stuck reader${idle ? `, ${idle}` : ""}`, consts: { RWSEM_READERS: "4" }, text: `spec S
    import rwsem
    var sem: Rwsem = { readers: 0, writer: false, waiting: 0 }
    var ticks: 0 .. 1 = 0
    process Reader[i in 1 .. 2] {
      ${idle}
      first: down_read(sem)
      again: down_read(sem)
      release: up_read(sem)
      release2: up_read(sem)
    }
    process Writer {
      idle when sem.readers > 0 and Reader[1] at again
      queue: down_write_queue(sem)
      take: down_write_take(sem)
      write: up_write(sem)
    }
    process Scanner {
      scan:
        ticks := 1 - ticks
        goto scan
    }` })),
  { name: "stuck after one branch only", text: `spec B
    var gate: Bool = false
    var side: 0 .. 2 = 0
    process Chooser {
      pick: either { gate := true } or { side := 1 }
      spin:
        side := 2 - side
        goto spin
    }
    process Waiter[i in 0 .. 1] {
      var seen: 0 .. 2 = 0
      idle when seen == 2 and self == 1
      w:
        await gate
        seen := 2
      after:
        await false
    }` },
  { name: "a member that spins without changing anything is not stuck", text: `spec W
    var x: 0 .. 1 = 0
    process Spinner {
      s:
        while x == 0 { skip }
    }
    process Flip {
      f:
        x := 0
        goto f
    }` },
];
