/**
 * Why an OTLP export was refused. Each error carries a stable code and the HTTP status the
 * OTLP/HTTP spec gives it; the receiver turns it into a google.rpc.Status body.
 */
export class OtlpError extends Error {
  static readonly code: string = 'TRACES_ERR_OTLP';
  readonly code: string;
  readonly status: number;

  constructor(message: string, status: number, code: string) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
  }
}

/** The body is not a well-formed ExportTraceServiceRequest. */
export class OtlpDecodeError extends OtlpError {
  static override readonly code = 'TRACES_ERR_OTLP_DECODE';
  constructor(message: string) {
    super(message, 400, OtlpDecodeError.code);
  }
}

/** The body, before or after gunzip, is larger than the receiver accepts. */
export class OtlpTooLargeError extends OtlpError {
  static override readonly code = 'TRACES_ERR_OTLP_TOO_LARGE';
  constructor(limitBytes: number) {
    super(`Request body is larger than ${limitBytes} bytes; export smaller batches`, 413, OtlpTooLargeError.code);
  }
}

/** Neither application/x-protobuf nor application/json. */
export class OtlpUnsupportedMediaError extends OtlpError {
  static override readonly code = 'TRACES_ERR_OTLP_MEDIA_TYPE';
  constructor(contentType: string) {
    super(
      `Content-Type ${JSON.stringify(contentType)} is not supported; send application/x-protobuf or application/json`,
      415,
      OtlpUnsupportedMediaError.code,
    );
  }
}

/** Content-Encoding other than identity or gzip. */
export class OtlpUnsupportedEncodingError extends OtlpError {
  static override readonly code = 'TRACES_ERR_OTLP_ENCODING';
  constructor(encoding: string) {
    super(
      `Content-Encoding ${JSON.stringify(encoding)} is not supported; send gzip or no encoding`,
      415,
      OtlpUnsupportedEncodingError.code,
    );
  }
}
