//! What a run may write and how it ends: never an input of the run, never one file for two outputs, never a device
//! or FIFO replaced, media failures counted, names within every file system's limits, signals and a closed stderr.
