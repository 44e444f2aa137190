// The AWS SDK warns about Node 20 on every import; the project supports Node 20 locally (Lambdas run 22).
const emitWarning = process.emitWarning.bind(process);
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const name =
    typeof warning === 'object' ? warning.name : (rest[0] as { type?: string } | string | undefined);
  if (
    name === 'NodeVersionSupportWarning' ||
    (typeof name === 'object' && name?.type === 'NodeVersionSupportWarning')
  )
    return;
  (emitWarning as (...args: unknown[]) => void)(warning, ...rest);
}) as typeof process.emitWarning;
