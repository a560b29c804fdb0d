/** Object stores: {@link dev.twinrun.core.store.Stores} opens a local folder or an S3 location. */
package dev.twinrun.core.store;
