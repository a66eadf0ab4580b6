// A faithful port of CPython 3.11's list.sort (Objects/listobject.c): timsort with
// galloping and the powersort merge policy. Faithful down to which pairs get compared
// and in what order, because that decides which TypeError Python raises for unorderable
// values and where NaNs end up. Every comparison is `lessThan(later, earlier)` in
// original-position terms, exactly as in CPython.

const MIN_GALLOP = 7;

type LessThan<T> = (a: T, b: T) => boolean;

interface Run {
  base: number;
  len: number;
  power: number;
}

/** Sorts a copy of `items` the way Python's `sorted()` does, using only `lessThan`. Exceptions from `lessThan` propagate. */
export function timsort<T>(items: readonly T[], lessThan: LessThan<T>): T[] {
  const list = items.slice();
  const n = list.length;
  if (n < 2) return list;
  const state = new MergeState(list, lessThan);
  const minrun = computeMinrun(n);
  let lo = 0;
  let remaining = n;
  while (remaining > 0) {
    const { length: runLength, descending } = countRun(list, lo, lo + remaining, lessThan);
    let runLen = runLength;
    if (descending) reverse(list, lo, lo + runLen);
    if (runLen < minrun) {
      const force = remaining <= minrun ? remaining : minrun;
      binarySort(list, lo, lo + force, lo + runLen, lessThan);
      runLen = force;
    }
    state.foundNewRun(runLen);
    state.pending.push({ base: lo, len: runLen, power: 0 });
    lo += runLen;
    remaining -= runLen;
  }
  state.forceCollapse();
  return list;
}

function computeMinrun(length: number): number {
  let n = length;
  let r = 0;
  while (n >= 64) {
    r |= n & 1;
    n >>= 1;
  }
  return n + r;
}

function reverse<T>(list: T[], lo: number, hi: number): void {
  for (let i = lo, j = hi - 1; i < j; i++, j--) {
    const t = list[i];
    list[i] = list[j];
    list[j] = t;
  }
}

/** Binary insertion sort of [lo, hi) given [lo, start) already sorted. */
function binarySort<T>(list: T[], lo: number, hi: number, start: number, lessThan: LessThan<T>): void {
  if (start === lo) start++;
  for (; start < hi; start++) {
    let l = lo;
    let r = start;
    const pivot = list[r];
    do {
      const p = l + ((r - l) >> 1);
      if (lessThan(pivot, list[p])) r = p;
      else l = p + 1;
    } while (l < r);
    for (let p = start; p > l; p--) list[p] = list[p - 1];
    list[l] = pivot;
  }
}

/** Length of the run starting at lo: non-descending, or strictly descending (then reported). */
function countRun<T>(
  list: T[],
  lo: number,
  hi: number,
  lessThan: LessThan<T>,
): { length: number; descending: boolean } {
  if (lo + 1 === hi) return { length: 1, descending: false };
  let n = 2;
  let i = lo + 1;
  if (lessThan(list[i], list[i - 1])) {
    for (i = i + 1; i < hi && lessThan(list[i], list[i - 1]); i++) n++;
    return { length: n, descending: true };
  }
  for (i = i + 1; i < hi && !lessThan(list[i], list[i - 1]); i++) n++;
  return { length: n, descending: false };
}

/** Position in a[base, base+n) where key belongs, left of equal elements. */
function gallopLeft<T>(key: T, a: T[], base: number, n: number, hint: number, lessThan: LessThan<T>): number {
  let lastofs = 0;
  let ofs = 1;
  if (lessThan(a[base + hint], key)) {
    const maxofs = n - hint;
    while (ofs < maxofs) {
      if (lessThan(a[base + hint + ofs], key)) {
        lastofs = ofs;
        ofs = (ofs << 1) + 1;
      } else break;
    }
    if (ofs > maxofs) ofs = maxofs;
    lastofs += hint;
    ofs += hint;
  } else {
    const maxofs = hint + 1;
    while (ofs < maxofs) {
      if (lessThan(a[base + hint - ofs], key)) break;
      lastofs = ofs;
      ofs = (ofs << 1) + 1;
    }
    if (ofs > maxofs) ofs = maxofs;
    const k = lastofs;
    lastofs = hint - ofs;
    ofs = hint - k;
  }
  lastofs++;
  while (lastofs < ofs) {
    const m = lastofs + ((ofs - lastofs) >> 1);
    if (lessThan(a[base + m], key)) lastofs = m + 1;
    else ofs = m;
  }
  return ofs;
}

/** Position in a[base, base+n) where key belongs, right of equal elements. */
function gallopRight<T>(
  key: T,
  a: T[],
  base: number,
  n: number,
  hint: number,
  lessThan: LessThan<T>,
): number {
  let lastofs = 0;
  let ofs = 1;
  if (lessThan(key, a[base + hint])) {
    const maxofs = hint + 1;
    while (ofs < maxofs) {
      if (lessThan(key, a[base + hint - ofs])) {
        lastofs = ofs;
        ofs = (ofs << 1) + 1;
      } else break;
    }
    if (ofs > maxofs) ofs = maxofs;
    const k = lastofs;
    lastofs = hint - ofs;
    ofs = hint - k;
  } else {
    const maxofs = n - hint;
    while (ofs < maxofs) {
      if (lessThan(key, a[base + hint + ofs])) break;
      lastofs = ofs;
      ofs = (ofs << 1) + 1;
    }
    if (ofs > maxofs) ofs = maxofs;
    lastofs += hint;
    ofs += hint;
  }
  lastofs++;
  while (lastofs < ofs) {
    const m = lastofs + ((ofs - lastofs) >> 1);
    if (lessThan(key, a[base + m])) ofs = m;
    else lastofs = m + 1;
  }
  return ofs;
}

/** powersort's "power" of the run boundary between [s1, s1+n1) and the next n2 elements. */
function powerloop(s1: number, n1: number, n2: number, n: number): number {
  let result = 0;
  let a = 2 * s1 + n1;
  let b = a + n1 + n2;
  for (;;) {
    result++;
    if (a >= n) {
      a -= n;
      b -= n;
    } else if (b >= n) {
      break;
    }
    a *= 2; // numbers stay below 2n, far inside the safe-integer range
    b *= 2;
  }
  return result;
}

class MergeState<T> {
  readonly pending: Run[] = [];
  minGallop = MIN_GALLOP;

  constructor(
    private readonly list: T[],
    private readonly lessThan: LessThan<T>,
  ) {}

  foundNewRun(n2: number): void {
    const p = this.pending;
    if (p.length === 0) return;
    const top = p[p.length - 1];
    const power = powerloop(top.base, top.len, n2, this.list.length);
    while (p.length > 1 && p[p.length - 2].power > power) this.mergeAt(p.length - 2);
    p[p.length - 1].power = power;
  }

  forceCollapse(): void {
    const p = this.pending;
    while (p.length > 1) {
      let n = p.length - 2;
      if (n > 0 && p[n - 1].len < p[n + 1].len) n--;
      this.mergeAt(n);
    }
  }

  private mergeAt(i: number): void {
    const p = this.pending;
    const list = this.list;
    let baseA = p[i].base;
    let na = p[i].len;
    const baseB = p[i + 1].base;
    let nb = p[i + 1].len;
    p[i].len = na + nb;
    p.splice(i + 1, 1); // if i is the 3rd-last run, the last one slides over

    const k = gallopRight(list[baseB], list, baseA, na, 0, this.lessThan);
    baseA += k;
    na -= k;
    if (na === 0) return;
    nb = gallopLeft(list[baseA + na - 1], list, baseB, nb, nb - 1, this.lessThan);
    if (nb <= 0) return;
    if (na <= nb) this.mergeLo(baseA, na, baseB, nb);
    else this.mergeHi(baseA, na, baseB, nb);
  }

  /** Merge with a temp copy of run A (na <= nb), filling from the left. */
  private mergeLo(baseA: number, na: number, baseB: number, nb: number): void {
    const list = this.list;
    const lessThan = this.lessThan;
    const tmp = list.slice(baseA, baseA + na);
    let pa = 0; // into tmp
    let pb = baseB;
    let dest = baseA;
    let minGallop = this.minGallop;
    const copyB = (): void => {
      // The last element of A belongs at the end of the merge.
      for (let i = 0; i < nb; i++) list[dest + i] = list[pb + i];
      list[dest + nb] = tmp[pa];
    };
    const finish = (): void => {
      for (let i = 0; i < na; i++) list[dest + i] = tmp[pa + i];
    };
    list[dest++] = list[pb++];
    if (--nb === 0) return finish();
    if (na === 1) return copyB();
    try {
      for (;;) {
        let acount = 0;
        let bcount = 0;
        for (;;) {
          if (lessThan(list[pb], tmp[pa])) {
            list[dest++] = list[pb++];
            bcount++;
            acount = 0;
            if (--nb === 0) return finish();
            if (bcount >= minGallop) break;
          } else {
            list[dest++] = tmp[pa++];
            acount++;
            bcount = 0;
            if (--na === 1) return copyB();
            if (acount >= minGallop) break;
          }
        }
        minGallop++;
        do {
          minGallop -= minGallop > 1 ? 1 : 0;
          this.minGallop = minGallop;
          let k = gallopRight(list[pb], tmp, pa, na, 0, lessThan);
          acount = k;
          if (k) {
            for (let i = 0; i < k; i++) list[dest + i] = tmp[pa + i];
            dest += k;
            pa += k;
            na -= k;
            if (na === 1) return copyB();
            if (na === 0) return finish();
          }
          list[dest++] = list[pb++];
          if (--nb === 0) return finish();
          k = gallopLeft(tmp[pa], list, pb, nb, 0, lessThan);
          bcount = k;
          if (k) {
            for (let i = 0; i < k; i++) list[dest + i] = list[pb + i];
            dest += k;
            pb += k;
            nb -= k;
            if (nb === 0) return finish();
          }
          list[dest++] = tmp[pa++];
          if (--na === 1) return copyB();
        } while (acount >= MIN_GALLOP || bcount >= MIN_GALLOP);
        minGallop++;
        this.minGallop = minGallop;
      }
    } catch (error) {
      finish(); // keep the list a permutation, as CPython does, then re-raise
      throw error;
    }
  }

  /** Merge with a temp copy of run B (na > nb), filling from the right. */
  private mergeHi(baseA: number, na: number, baseB: number, nb: number): void {
    const list = this.list;
    const lessThan = this.lessThan;
    const tmp = list.slice(baseB, baseB + nb);
    let dest = baseB + nb - 1;
    let pa = baseA + na - 1; // last of A, in list
    let pb = nb - 1; // last of B, in tmp
    let minGallop = this.minGallop;
    const copyA = (): void => {
      // The first element of B belongs at the front of the merge.
      for (let i = 0; i < na; i++) list[dest - i] = list[pa - i];
      list[dest - na] = tmp[pb];
    };
    const finish = (): void => {
      for (let i = 0; i < nb; i++) list[dest - (nb - 1) + i] = tmp[i];
    };
    list[dest--] = list[pa--];
    if (--na === 0) return finish();
    if (nb === 1) return copyA();
    try {
      for (;;) {
        let acount = 0;
        let bcount = 0;
        for (;;) {
          if (lessThan(tmp[pb], list[pa])) {
            list[dest--] = list[pa--];
            acount++;
            bcount = 0;
            if (--na === 0) return finish();
            if (acount >= minGallop) break;
          } else {
            list[dest--] = tmp[pb--];
            bcount++;
            acount = 0;
            if (--nb === 1) return copyA();
            if (bcount >= minGallop) break;
          }
        }
        minGallop++;
        do {
          minGallop -= minGallop > 1 ? 1 : 0;
          this.minGallop = minGallop;
          let k = gallopRight(tmp[pb], list, baseA, na, na - 1, lessThan);
          k = na - k;
          acount = k;
          if (k) {
            dest -= k;
            pa -= k;
            for (let i = k; i >= 1; i--) list[dest + i] = list[pa + i];
            na -= k;
            if (na === 0) return finish();
          }
          list[dest--] = tmp[pb--];
          if (--nb === 1) return copyA();
          k = gallopLeft(list[pa], tmp, 0, nb, nb - 1, lessThan);
          k = nb - k;
          bcount = k;
          if (k) {
            dest -= k;
            pb -= k;
            for (let i = 1; i <= k; i++) list[dest + i] = tmp[pb + i];
            nb -= k;
            if (nb === 1) return copyA();
            if (nb === 0) return finish();
          }
          list[dest--] = list[pa--];
          if (--na === 0) return finish();
        } while (acount >= MIN_GALLOP || bcount >= MIN_GALLOP);
        minGallop++;
        this.minGallop = minGallop;
      }
    } catch (error) {
      finish();
      throw error;
    }
  }
}
