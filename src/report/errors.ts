/** @module The report stage's usage error (unknown format, a format the run cannot serve): exit 2, invalid usage. */
import { AssayError, EXIT } from "../errors.js";

export class ReportUsageError extends AssayError {
  override readonly name = "ReportUsageError";
  constructor(message: string) {
    super(message, { exit: EXIT.invalid });
  }
}
