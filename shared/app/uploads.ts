/** Upload links last 15 minutes at most (SPEC §8). */
export const UPLOAD_EXPIRY_SECONDS = 15 * 60;

/** An object of the uploads bucket, as its event tells it (the key decoded). */
export interface UploadedObject {
  key: string;
  size: number;
}
