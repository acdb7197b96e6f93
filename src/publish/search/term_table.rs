//! The table that gathers each token's postings while the index is built: every token of
//! the site's text is looked up here, so it is a hash table of its own, keyed by the
//! token's number rather than its string.

use super::segment::TokenKey;

/// A hash table of token keys: open addressing with linear probing, a slot holding the key
/// itself (0, which no token is, for an empty slot) and its value. A token costs a
/// multiply and usually one comparison, about a third of what `std`'s `HashMap` costs; the
/// index looks up every token of the site's text.
pub(super) struct KeyTable<V> {
    /// `(key, value)`, a power of two of them, at most half of them used.
    pub(super) slots: Vec<(TokenKey, V)>,
    /// The slots in use, in the order their keys were first seen.
    pub(super) pos: Vec<u32>,
}

impl<V: Default> Default for KeyTable<V> {
    fn default() -> Self {
        KeyTable {
            slots: empty_slots(1 << 10),
            pos: Vec::new(),
        }
    }
}

fn empty_slots<V: Default>(n: usize) -> Vec<(TokenKey, V)> {
    std::iter::repeat_with(|| (0, V::default()))
        .take(n)
        .collect()
}

/// The first slot to look at for `k` in a table of `mask + 1` slots: multiplicative
/// hashing, taking bits from the middle of the product (they depend on the whole second
/// character of a bigram and the low bits of the first, and a fixed shift is cheaper than
/// taking the top bits of a table of any size).
#[inline(always)]
fn home(k: TokenKey, mask: usize) -> usize {
    (k.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask
}

/// The value of `k` in `slots` (a [`KeyTable`]'s), which must have an empty slot left:
/// `k`'s slot, taken (and its index given to `new`) if `k` is new. A function of the
/// table's parts, not a method, so that a loop looking up many keys can keep them in
/// registers.
#[inline(always)]
pub(super) fn slot_value<V>(
    slots: &mut [(TokenKey, V)],
    k: TokenKey,
    new: impl FnOnce(usize),
) -> &mut V {
    debug_assert_ne!(k, 0, "0 marks an empty slot");
    let mask = slots.len() - 1;
    let mut i = home(k, mask);
    loop {
        let key = slots[i].0;
        if key == k {
            break;
        }
        if key == 0 {
            slots[i].0 = k;
            new(i);
            break;
        }
        i = (i + 1) & mask;
    }
    &mut slots[i].1
}

impl<V: Default> KeyTable<V> {
    /// Makes room for `n` more keys: after this, that many can be added through
    /// [`slot_value`] without growing the table.
    #[inline]
    pub(super) fn reserve(&mut self, n: usize) {
        if (self.pos.len() + n) * 2 > self.slots.len() {
            self.grow(self.pos.len() + n);
        }
    }

    /// The value of `k`, added (default) if it is new.
    #[cfg(test)]
    fn get_mut(&mut self, k: TokenKey) -> &mut V {
        self.reserve(1);
        let pos = &mut self.pos;
        slot_value(&mut self.slots, k, |i| pos.push(i as u32))
    }

    /// Slots for at least twice `n` keys (a power of two), the entries placed again in the
    /// same order.
    #[cold]
    #[inline(never)]
    fn grow(&mut self, n: usize) {
        let len = (2 * n).next_power_of_two().max(self.slots.len());
        let mut old = std::mem::replace(&mut self.slots, empty_slots(len));
        let mask = len - 1;
        for p in &mut self.pos {
            let (k, v) = std::mem::take(&mut old[*p as usize]);
            let mut i = home(k, mask);
            while self.slots[i].0 != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = (k, v);
            *p = i as u32;
        }
    }

    /// The keys and values, in the order the keys were first seen.
    pub(super) fn entries(&self) -> impl Iterator<Item = &(TokenKey, V)> {
        self.pos.iter().map(|&i| &self.slots[i as usize])
    }

    /// Empties the table, keeping its size (only the slots in use are touched).
    #[cfg(test)]
    fn clear(&mut self) {
        for &i in &self.pos {
            self.slots[i as usize] = (0, V::default());
        }
        self.pos.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_table_counts_like_a_map() {
        let mut t: KeyTable<u32> = KeyTable::default();
        for round in 0..3u64 {
            t.clear();
            let mut want = std::collections::BTreeMap::new();
            let mut order = Vec::new();
            // Keys like tokens' (and some that share a home slot), enough to grow twice.
            for n in 0..5000u64 {
                let k = ((0x3041 + n % 700) << 32) | (n * 7919 % 3001 + round + 1);
                *t.get_mut(k) += 1;
                let e = want.entry(k).or_insert(0);
                if *e == 0 {
                    order.push(k);
                }
                *e += 1;
            }
            let got: std::collections::BTreeMap<TokenKey, u32> =
                t.entries().map(|&(k, v)| (k, v)).collect();
            assert_eq!(got, want);
            // First seen first, through the growing.
            assert_eq!(t.entries().map(|e| e.0).collect::<Vec<_>>(), order);
            assert_eq!(t.pos.len(), want.len());
            assert!(t.pos.len() * 2 <= t.slots.len());
            assert_eq!(t.slots.iter().filter(|s| s.0 != 0).count(), want.len());
        }
        t.clear();
        assert!(t.slots.iter().all(|&s| s == (0, 0)));
        assert!(t.pos.is_empty());
        assert_eq!(t.entries().count(), 0);
    }
}
