/** The data folder's store is held by another process (LevelDB allows one). */
export class DataDirBusyError extends Error {
  override name = 'DataDirBusyError';
}
