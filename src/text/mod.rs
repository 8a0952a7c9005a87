//! Rules about text that every stage shares: which characters are invisible marks, and byte masks 16 at a time.
//!
//! Takes bytes or characters; gives answers about them. It knows nothing of WhatsApp's formats.

pub mod bytes;
pub mod marks;
