//! An ordered parallel map for the call log: one producer thread reads and splits
//! the file into jobs (chunks of records, batches of rows), every core converts whole jobs into
//! parts, and the calling thread merges the parts in job order. The result is the same as
//! converting every job in order on one thread, whatever the number of cores and whichever
//! job finishes first; memory is bounded by the jobs in flight (a few per core).

use std::collections::BTreeMap;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Mutex;

/// Converter threads: every core (the producer, which reads and splits, is lighter).
pub fn workers() -> usize {
    std::thread::available_parallelism().map_or(2, |n| n.get().clamp(1, 8))
}

/// Hands jobs from the producer to the converters, numbered in the order sent.
pub struct Sender<J> {
    tx: SyncSender<(usize, J)>,
    next: usize,
}

impl<J> Sender<J> {
    /// Send the next job; `false` when the converters have stopped (an error the merge
    /// reports): the producer should stop reading.
    pub fn send(&mut self, job: J) -> bool {
        self.next += 1;
        self.tx.send((self.next - 1, job)).is_ok()
    }
}

/// A converted job: its part and its weight (bytes, for the caller's estimates).
pub type Converted<P> = anyhow::Result<(P, u64)>;

/// Run `produce` on a thread of its own, `convert` on [`workers`] threads, and `merge` on this
/// one in job order. The first error, from the producer or a converter, stops the others and
/// is returned (a converter's error first when both failed: the producer's is then "stopped").
pub fn run<J: Send, P: Send, R: Send>(
    produce: impl FnOnce(Sender<J>) -> anyhow::Result<R> + Send,
    convert: &(dyn Fn(J) -> Converted<P> + Sync),
    mut merge: impl FnMut(P, u64),
) -> anyhow::Result<R> {
    let n = workers();
    let (tx, rx) = sync_channel::<(usize, J)>(n);
    // Taken (dropped) by the first converter that stops: the producer's next send fails and
    // it stops reading.
    let rx: Mutex<Option<Receiver<(usize, J)>>> = Mutex::new(Some(rx));
    let stop = || {
        if let Ok(mut r) = rx.lock() {
            r.take();
        }
    };
    std::thread::scope(|s| {
        let (done_tx, done_rx) = sync_channel::<(usize, Converted<P>)>(n);
        let producer = s.spawn(move || produce(Sender { tx, next: 0 }));
        for _ in 0..n {
            let (rx, done_tx, stop) = (&rx, done_tx.clone(), &stop);
            s.spawn(move || loop {
                // The lock is held only while waiting for the next job, not while converting.
                let job = match rx.lock() {
                    Ok(r) => r.as_ref().map(Receiver::recv),
                    Err(_) => None,
                };
                let Some(Ok((seq, job))) = job else { break };
                let part = convert(job);
                let failed = part.is_err();
                if done_tx.send((seq, part)).is_err() || failed {
                    stop();
                    break;
                }
            });
        }
        drop(done_tx);
        // Parts finished early wait here for the ones before them.
        let mut waiting = BTreeMap::new();
        let mut next = 0usize;
        let mut converted: anyhow::Result<()> = Ok(());
        'merge: for (seq, part) in done_rx.iter() {
            waiting.insert(seq, part);
            while let Some(part) = waiting.remove(&next) {
                next += 1;
                match part {
                    Ok((p, weight)) => merge(p, weight),
                    Err(e) => {
                        converted = Err(e);
                        break 'merge;
                    }
                }
            }
        }
        // Dropping the receiver stops converters still sending, and they the producer.
        drop(done_rx);
        if converted.is_err() {
            stop();
        }
        let produced = producer
            .join()
            .unwrap_or_else(|p| std::panic::resume_unwind(p));
        converted?;
        produced
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parts_are_merged_in_job_order_whatever_finishes_first() {
        let mut out = Vec::new();
        let r = run(
            |mut tx| {
                for i in 0..200u64 {
                    if !tx.send(i) {
                        break;
                    }
                }
                Ok("done")
            },
            // Later jobs finish first.
            &|i: u64| {
                std::thread::sleep(std::time::Duration::from_micros((200 - i) * 20));
                Ok((i * 10, i))
            },
            |p, w| out.push((p, w)),
        )
        .unwrap();
        assert_eq!(r, "done");
        assert_eq!(out, (0..200).map(|i| (i * 10, i)).collect::<Vec<_>>());
    }

    #[test]
    fn a_converter_error_stops_the_producer_and_is_returned() {
        let sent = std::sync::atomic::AtomicU64::new(0);
        let mut merged = Vec::new();
        let e = run(
            |mut tx| {
                // An endless producer: only a stopped converter ends it.
                for i in 0u64.. {
                    if !tx.send(i) {
                        anyhow::bail!("stopped");
                    }
                    sent.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                }
                Ok(())
            },
            &|i: u64| {
                if i == 5 {
                    anyhow::bail!("bad job {i}")
                }
                Ok((i, 0))
            },
            |p, _| merged.push(p),
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "bad job 5");
        assert_eq!(merged, vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn a_producer_error_is_returned_after_the_parts_before_it() {
        let mut merged = Vec::new();
        let e = run(
            |mut tx| -> anyhow::Result<()> {
                tx.send(1u64);
                tx.send(2);
                anyhow::bail!("unreadable at job 3")
            },
            &|i: u64| Ok((i, 0)),
            |p, _| merged.push(p),
        )
        .unwrap_err();
        assert_eq!(e.to_string(), "unreadable at job 3");
        assert_eq!(merged, vec![1, 2]);
    }
}
