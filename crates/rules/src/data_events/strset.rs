//! Does a union of string filters cover every string with a given prefix?
//!
//! CloudTrail's advanced event selectors filter `resources.ARN` (and `eventSource`, …) with
//! `Equals`, `StartsWith`, `EndsWith` and their negations: inside one field the positive
//! operators are ORed and a matching negative one excludes ("How CloudTrail evaluates multiple
//! conditions for a field"); selectors are ORed. Whether several selectors together record
//! **every** object of a bucket (`arn:aws:s3:::bucket/…`) is a question about regular
//! languages, answered exactly here: each filter is a small automaton (a position in an
//! `Equals` or `StartsWith` value, a KMP state for an `EndsWith` value), and their product is
//! explored breadth-first from the prefix over the characters the values use plus one
//! character none uses. Complementary filters (`StartsWith x` in one selector, `NotStartsWith
//! x` in another) are recognised as covering everything.

use std::collections::{HashSet, VecDeque};

/// One string condition.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Atom {
    Equals(String),
    StartsWith(String),
    EndsWith(String),
}

/// A field's filter: `(pos is empty || any pos) && !any neg`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    pub pos: Vec<Atom>,
    pub neg: Vec<Atom>,
}

impl Filter {
    /// A filter that accepts everything.
    pub fn any() -> Filter {
        Filter::default()
    }

    pub fn accepts(&self, s: &str) -> bool {
        let m = |a: &Atom| match a {
            Atom::Equals(c) => s == c,
            Atom::StartsWith(c) => s.starts_with(c.as_str()),
            Atom::EndsWith(c) => s.ends_with(c.as_str()),
        };
        (self.pos.is_empty() || self.pos.iter().any(m)) && !self.neg.iter().any(m)
    }
}

/// How much of the strings with a prefix a union of filters accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cover {
    All,
    Some,
    Nothing,
    /// Too many automaton states to decide (never reached with CloudTrail's limits).
    TooComplex,
}

/// The most product states explored before giving up.
const LIMIT: usize = 200_000;

const DEAD: usize = usize::MAX;

struct Machine {
    atoms: Vec<(Atom, Vec<char>, Vec<usize>)>,
}

impl Machine {
    fn new(atoms: Vec<Atom>) -> Machine {
        let atoms = atoms
            .into_iter()
            .map(|a| {
                let chars: Vec<char> = match &a {
                    Atom::Equals(c) | Atom::StartsWith(c) | Atom::EndsWith(c) => {
                        c.chars().collect()
                    }
                };
                let fail = kmp_failure(&chars);
                (a, chars, fail)
            })
            .collect();
        Machine { atoms }
    }

    fn start(&self) -> Vec<usize> {
        vec![0; self.atoms.len()]
    }

    fn step(&self, state: &[usize], ch: char) -> Vec<usize> {
        self.atoms
            .iter()
            .zip(state)
            .map(|((atom, c, fail), &i)| match atom {
                Atom::Equals(_) => {
                    if i != DEAD && i < c.len() && c[i] == ch {
                        i + 1
                    } else {
                        DEAD
                    }
                }
                Atom::StartsWith(_) => {
                    if i == DEAD {
                        DEAD
                    } else if i == c.len() {
                        i
                    } else if c[i] == ch {
                        i + 1
                    } else {
                        DEAD
                    }
                }
                Atom::EndsWith(_) => {
                    let mut k = i;
                    if c.is_empty() {
                        return 0;
                    }
                    if k == c.len() {
                        k = fail[k - 1];
                    }
                    while k > 0 && c[k] != ch {
                        k = fail[k - 1];
                    }
                    if c[k] == ch {
                        k + 1
                    } else {
                        0
                    }
                }
            })
            .collect()
    }

    fn accepting(&self, state: &[usize]) -> Vec<bool> {
        self.atoms
            .iter()
            .zip(state)
            .map(|((atom, c, _), &i)| match atom {
                Atom::Equals(_) | Atom::EndsWith(_) => i == c.len(),
                Atom::StartsWith(_) => i == c.len(),
            })
            .collect()
    }
}

fn kmp_failure(c: &[char]) -> Vec<usize> {
    let mut fail = vec![0; c.len()];
    let mut k = 0;
    for i in 1..c.len() {
        while k > 0 && c[i] != c[k] {
            k = fail[k - 1];
        }
        if c[i] == c[k] {
            k += 1;
        }
        fail[i] = k;
    }
    fail
}

/// How much of the strings starting with `prefix` does the union of `filters` accept?
pub fn cover(prefix: &str, filters: &[Filter]) -> Cover {
    if filters.is_empty() {
        return Cover::Nothing;
    }
    if filters.iter().any(|f| f.pos.is_empty() && f.neg.is_empty()) {
        return Cover::All;
    }
    let mut atoms: Vec<Atom> = Vec::new();
    let index = |atoms: &mut Vec<Atom>, a: &Atom| -> usize {
        match atoms.iter().position(|x| x == a) {
            Some(i) => i,
            None => {
                atoms.push(a.clone());
                atoms.len() - 1
            }
        }
    };
    let compiled: Vec<(Vec<usize>, Vec<usize>)> = filters
        .iter()
        .map(|f| {
            (
                f.pos.iter().map(|a| index(&mut atoms, a)).collect(),
                f.neg.iter().map(|a| index(&mut atoms, a)).collect(),
            )
        })
        .collect();
    let mut alphabet: Vec<char> = Vec::new();
    for a in &atoms {
        let (Atom::Equals(c) | Atom::StartsWith(c) | Atom::EndsWith(c)) = a;
        for ch in c.chars() {
            if !alphabet.contains(&ch) {
                alphabet.push(ch);
            }
        }
    }
    // A character no value uses stands for all the others.
    let other = (0x1u32..)
        .filter_map(char::from_u32)
        .find(|c| !alphabet.contains(c))
        .unwrap_or('\u{1}');
    alphabet.push(other);

    let m = Machine::new(atoms);
    let mut state = m.start();
    for ch in prefix.chars() {
        state = m.step(&state, ch);
    }
    let union = |s: &[usize]| -> bool {
        let acc = m.accepting(s);
        compiled.iter().any(|(pos, neg)| {
            (pos.is_empty() || pos.iter().any(|&i| acc[i])) && !neg.iter().any(|&i| acc[i])
        })
    };
    let (mut seen_true, mut seen_false) = (false, false);
    let mut seen: HashSet<Vec<usize>> = HashSet::new();
    let mut queue = VecDeque::new();
    seen.insert(state.clone());
    queue.push_back(state);
    while let Some(s) = queue.pop_front() {
        if union(&s) {
            seen_true = true;
        } else {
            seen_false = true;
        }
        if seen_true && seen_false {
            return Cover::Some;
        }
        if seen.len() > LIMIT {
            return Cover::TooComplex;
        }
        for &ch in &alphabet {
            let n = m.step(&s, ch);
            if seen.insert(n.clone()) {
                queue.push_back(n);
            }
        }
    }
    match (seen_true, seen_false) {
        (true, false) => Cover::All,
        (false, _) => Cover::Nothing,
        (true, true) => Cover::Some,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(pos: &[Atom], neg: &[Atom]) -> Filter {
        Filter {
            pos: pos.to_vec(),
            neg: neg.to_vec(),
        }
    }

    fn sw(s: &str) -> Atom {
        Atom::StartsWith(s.into())
    }
    fn ew(s: &str) -> Atom {
        Atom::EndsWith(s.into())
    }
    fn eq(s: &str) -> Atom {
        Atom::Equals(s.into())
    }

    #[test]
    fn unions_of_filters() {
        let p = ":s3:::b/";
        let cases: Vec<(&str, Vec<Filter>, Cover)> = vec![
            ("nothing", vec![], Cover::Nothing),
            ("any", vec![Filter::any()], Cover::All),
            ("whole bucket", vec![f(&[sw(":s3:::b/")], &[])], Cover::All),
            (
                "bucket prefix without slash",
                vec![f(&[sw(":s3:::b")], &[])],
                Cover::All,
            ),
            (
                "another bucket",
                vec![f(&[sw(":s3:::c/")], &[])],
                Cover::Nothing,
            ),
            (
                "a key prefix",
                vec![f(&[sw(":s3:::b/logs/")], &[])],
                Cover::Some,
            ),
            (
                "complementary prefix filters",
                vec![
                    f(&[sw(":s3:::b/logs/")], &[]),
                    f(&[], &[sw(":s3:::b/logs/")]),
                ],
                Cover::All,
            ),
            (
                "complementary suffix filters",
                vec![f(&[ew(".gz")], &[]), f(&[], &[ew(".gz")])],
                Cover::All,
            ),
            ("suffix only", vec![f(&[ew(".gz")], &[])], Cover::Some),
            (
                "not this bucket",
                vec![f(&[], &[sw(":s3:::b/")])],
                Cover::Nothing,
            ),
            (
                "not another bucket",
                vec![f(&[], &[sw(":s3:::c/")])],
                Cover::All,
            ),
            ("one object", vec![f(&[eq(":s3:::b/k")], &[])], Cover::Some),
            (
                "every object but one",
                vec![f(&[], &[eq(":s3:::b/k")])],
                Cover::Some,
            ),
            (
                "every object but one, and that one",
                vec![f(&[], &[eq(":s3:::b/k")]), f(&[eq(":s3:::b/k")], &[])],
                Cover::All,
            ),
            (
                "overlapping suffixes (KMP)",
                vec![f(&[ew("aab")], &[]), f(&[], &[ew("ab")])],
                Cover::Some,
            ),
            (
                "suffix complement by another suffix",
                vec![f(&[ew("b")], &[]), f(&[], &[ew("ab")])],
                Cover::All,
            ),
        ];
        for (name, filters, want) in cases {
            assert_eq!(cover(p, &filters), want, "{name}");
        }
    }

    /// The automaton agrees with brute force over short strings.
    #[test]
    fn agrees_with_brute_force() {
        let filters = vec![
            f(&[sw("ab")], &[ew("ba")]),
            f(&[ew("a")], &[eq("aa")]),
            f(&[], &[sw("b"), ew("bb")]),
        ];
        let mut strings = vec![String::new()];
        for _ in 0..6 {
            let mut next = Vec::new();
            for s in &strings {
                for c in ['a', 'b', 'z'] {
                    next.push(format!("{s}{c}"));
                }
            }
            strings.extend(next);
        }
        strings.dedup();
        for prefix in ["", "a", "ab", "b", "ba"] {
            let accepted = strings
                .iter()
                .filter(|s| s.starts_with(prefix))
                .map(|s| filters.iter().any(|f| f.accepts(s)));
            let (t, n) = accepted.fold((0, 0), |(t, n), a| if a { (t + 1, n) } else { (t, n + 1) });
            let brute = match (t, n) {
                (_, 0) => Cover::All,
                (0, _) => Cover::Nothing,
                _ => Cover::Some,
            };
            assert_eq!(cover(prefix, &filters), brute, "prefix {prefix:?}");
        }
    }
}
