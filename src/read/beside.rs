//! Two threads for one export: a producer (reading, decoding, parsing) on a second thread, and a consumer on this
//! one, joined by a channel of batches.
//!
//! Takes a producer that hands items over by filling a slot, and a consumer of each item; gives the producer's
//! result, or the first error of either side. Items reach the consumer in the order they were handed over. The
//! slots are recycled (a message's buffers are reused, not allocated per message), and at most a few batches are
//! in flight, so memory stays flat whatever the input size. It knows nothing about what the items are.

use std::sync::mpsc;

use crate::error::{Error, Result};

/// Items per batch: enough to make handing over rare, few enough to keep memory flat (a batch of messages holds
/// about 50 KB of text).
const BATCH: usize = 256;

/// Full batches waiting for the consumer; the producer waits when they are all taken.
const IN_FLIGHT: usize = 4;

/// A batch and its spare slots.
struct Batch<T> {
    items: Vec<T>,
    /// How many of `items` are this batch's (the rest are spare buffers).
    len: usize,
}

impl<T> Default for Batch<T> {
    fn default() -> Self {
        Batch {
            items: Vec::new(),
            len: 0,
        }
    }
}

/// What the producer calls to hand over one item: it is given a slot to fill (a recycled one, or a new default).
pub type Hand<'h, T> = dyn FnMut(&mut dyn FnMut(&mut T)) -> Result<()> + 'h;

/// Runs `produce` on a second thread and `consume` on this one over every item it hands over.
pub fn run<T, P>(
    produce: impl FnOnce(&mut Hand<'_, T>) -> Result<P> + Send,
    consume: &mut dyn FnMut(&mut T) -> Result<()>,
) -> Result<P>
where
    T: Default + Send,
    P: Send,
{
    let (full_tx, full_rx) = mpsc::sync_channel::<Batch<T>>(IN_FLIGHT);
    let (empty_tx, empty_rx) = mpsc::channel::<Batch<T>>();
    std::thread::scope(|scope| {
        let producer = scope.spawn(move || {
            let mut batch = Batch::default();
            let mut hand = |fill: &mut dyn FnMut(&mut T)| -> Result<()> {
                match batch.items.get_mut(batch.len) {
                    Some(slot) => fill(slot),
                    None => {
                        let mut slot = T::default();
                        fill(&mut slot);
                        batch.items.push(slot);
                    }
                }
                batch.len += 1;
                if batch.len == BATCH {
                    let next = empty_rx.try_recv().unwrap_or_default();
                    let full = std::mem::replace(&mut batch, next);
                    // Never shown: the consumer stops only on an error of its own, which is the one returned.
                    full_tx.send(full).map_err(|_| Error::Write {
                        path: String::new(),
                        source: std::io::Error::other("the consuming thread stopped"),
                    })?;
                }
                Ok(())
            };
            let result = produce(&mut hand);
            if batch.len > 0 {
                // A failed send means the consumer stopped, and it reports why.
                let _ = full_tx.send(batch);
            }
            result
        });
        let mut failed = None;
        for mut batch in full_rx.iter() {
            if let Some(e) = batch.items[..batch.len]
                .iter_mut()
                .find_map(|item| consume(item).err())
            {
                failed = Some(e);
                break;
            }
            batch.len = 0;
            // The producer may have finished already; its spare batches are then not needed.
            let _ = empty_tx.send(batch);
        }
        // Dropping the receiver stops the producer at its next full batch.
        drop(full_rx);
        let produced = producer
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        match failed {
            Some(e) => Err(e),
            None => produced,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn count_to(n: u64, stop_at: Option<u64>) -> (Result<u64>, Vec<u64>) {
        let mut seen = Vec::new();
        let result = run(
            |hand| {
                for i in 0..n {
                    hand(&mut |slot: &mut u64| *slot = i)?;
                }
                Ok(n)
            },
            &mut |i| {
                if Some(*i) == stop_at {
                    return Err(Error::Usage(format!("stop at {i}")));
                }
                seen.push(*i);
                Ok(())
            },
        );
        (result, seen)
    }

    #[test]
    fn every_item_arrives_in_order_across_batches() {
        for n in [
            0,
            1,
            BATCH as u64 - 1,
            BATCH as u64,
            BATCH as u64 + 1,
            10 * BATCH as u64 + 7,
        ] {
            let (result, seen) = count_to(n, None);
            assert_eq!(result.ok(), Some(n));
            assert_eq!(seen, (0..n).collect::<Vec<_>>());
        }
    }

    #[test]
    fn a_consumer_error_stops_the_producer_and_is_the_one_returned() {
        let (result, seen) = count_to(100 * BATCH as u64, Some(1000));
        assert!(matches!(result, Err(Error::Usage(m)) if m == "stop at 1000"));
        assert_eq!(seen.len(), 1000);
    }

    #[test]
    fn a_producer_error_is_returned_after_what_it_handed_over() {
        let mut seen = 0;
        let result: Result<()> = run(
            |hand| {
                for i in 0..300u64 {
                    hand(&mut |slot: &mut u64| *slot = i)?;
                }
                Err(Error::Usage("read failed".into()))
            },
            &mut |_| {
                seen += 1;
                Ok(())
            },
        );
        assert!(matches!(result, Err(Error::Usage(m)) if m == "read failed"));
        assert_eq!(seen, 300);
    }
}
