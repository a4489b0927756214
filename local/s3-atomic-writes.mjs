// s3rver keeps an object as three files (its bytes, their MD5, its metadata) written in place: a
// process killed mid-write (kill -9 of `npm start`) leaves a truncated file that makes every later
// GET, HEAD or listing of the key answer 500 for good. S3 writes an object whole or not at all.
// This makes the local store do the same: each file is written under a temporary name and renamed
// (atomic on one file system), the object's bytes last, since their file is what makes the object
// exist. Plain JavaScript: it runs in the emulators' worker.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

const require = createRequire(import.meta.url);
const FilesystemStore = require('s3rver/lib/stores/filesystem.js');
const S3Object = require('s3rver/lib/models/object.js');

const temporary = (path) => `${path}.${randomUUID()}.tmp`;

/** Writes a file whole: under a temporary name, then renamed over the old one. */
async function replaceFile(path, write) {
  const tmp = temporary(path);
  try {
    await write(tmp);
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

export function makeS3rverWritesAtomic() {
  const store = FilesystemStore.prototype;
  if (store.atomicWrites) return;
  store.atomicWrites = true;

  /** The metadata s3rver keeps (as its own putMetadata does), its MD5, each file whole. */
  const putMetadataFiles = async function (bucket, key, metadata, md5) {
    const kept = Object.fromEntries(
      Object.entries(metadata ?? {}).filter(([name]) => S3Object.ALLOWED_METADATA.includes(name) || name.startsWith('x-amz-meta-')),
    );
    if (md5) await replaceFile(this.getResourcePath(bucket, key, 'object.md5'), (tmp) => writeFile(tmp, md5));
    await replaceFile(this.getResourcePath(bucket, key, 'metadata.json'), (tmp) => writeFile(tmp, JSON.stringify(kept, null, 2)));
  };
  store.putMetadata = putMetadataFiles;

  store.putObject = async function (object) {
    const objectPath = this.getResourcePath(object.bucket, object.key, 'object');
    await mkdir(dirname(objectPath), { recursive: true });
    const md5Context = createHash('md5');
    let size = 0;
    const tmp = temporary(objectPath);
    try {
      if (Buffer.isBuffer(object.content)) {
        md5Context.update(object.content);
        size = object.content.length;
        await writeFile(tmp, object.content);
      } else {
        const count = new Transform({
          transform(chunk, encoding, callback) {
            md5Context.update(chunk, encoding);
            size += chunk.length;
            callback(null, chunk);
          },
        });
        await pipeline(object.content, count, createWriteStream(tmp));
      }
      const md5 = md5Context.digest('hex');
      await putMetadataFiles.call(this, object.bucket, object.key, object.metadata, md5);
      await rename(tmp, objectPath);
      return { size, md5 };
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  };

  const originalCopy = store.copyObject;
  store.copyObject = async function (srcBucket, srcKey, destBucket, destKey, replacementMetadata) {
    const src = this.getResourcePath(srcBucket, srcKey, 'object');
    const dest = this.getResourcePath(destBucket, destKey, 'object');
    if (src === dest) return originalCopy.call(this, srcBucket, srcKey, destBucket, destKey, replacementMetadata);
    await mkdir(dirname(dest), { recursive: true });
    const tmp = temporary(dest);
    try {
      await copyFile(src, tmp);
      const md5 = await md5Of(tmp);
      const metadata = replacementMetadata ?? (await this.getMetadata(srcBucket, srcKey));
      await putMetadataFiles.call(this, destBucket, destKey, metadata, md5);
      await rename(tmp, dest);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
    return this.getMetadata(destBucket, destKey);
  };
}

function md5Of(path) {
  return new Promise((resolve, reject) => {
    const hash = createHash('md5');
    createReadStream(path).on('error', reject).on('data', (c) => hash.update(c)).on('end', () => resolve(hash.digest('hex')));
  });
}
