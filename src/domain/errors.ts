// TEMPORARY until the foundation branch lands (it moves the error module here): the same names.
export { ApiError as DomainError, errorCodes, type ErrorCode, type FieldError } from "../http/errors.js";
