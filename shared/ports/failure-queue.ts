/** One message of a failure queue: an S3 event whose deliveries all failed (its body, as the queue holds it). */
export interface FailedEventMessage {
  /** The queue's identifier of the message (its id, or the key a local log entry names). */
  id: string;
  /** The S3 event, as JSON. */
  body: string;
}

/**
 * Where the events whose work failed wait for an operator (SPEC §6): a failure queue or its
 * dead-letter queue on AWS, the failure log of the local stack. What `segur redrive` reads.
 */
export interface FailureQueue {
  /** Up to `max` messages that no one else is handling; none when the queue is empty. */
  receive(max: number): Promise<FailedEventMessage[]>;
  /** Deletes a message whose work has ended: it is never received again. */
  remove(message: FailedEventMessage): Promise<void>;
  /** Keeps a message whose replay failed: it can be received again (by a later run). */
  keep(message: FailedEventMessage): Promise<void>;
}
