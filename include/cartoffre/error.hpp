#pragma once
// Errors are exceptions carrying one clear sentence that names what is wrong and where.
// Each class is a kind of failure a caller handles differently (the command line maps them to
// exit codes, the Python bindings to exception classes).

#include <stdexcept>
#include <string>

namespace cartoffre {

class Error : public std::runtime_error {
  public:
    explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// A place that does not resolve, or resolves to several communes.
class PlaceError : public Error {
  public:
    using Error::Error;
};

// A query that cannot be run: unknown code, invalid radius or coordinates, bad cursor.
class QueryError : public Error {
  public:
    using Error::Error;
};

// A cursor of another generation than the index's: the index changed since the first page
// (a load). The search must start again without cursor.
class StaleCursorError : public QueryError {
  public:
    using QueryError::QueryError;
};

// Input data that cannot be read: malformed JSON or CSV, unknown code in a record.
class DataError : public Error {
  public:
    using Error::Error;
};

// An index directory that is missing, unreadable or of another format version.
class IndexError : public Error {
  public:
    using Error::Error;
};

// An index another load is changing at the same time: nothing was written, load again once it
// is done (the command line's exit code 5, distinct from a missing index).
class IndexBusyError : public IndexError {
  public:
    using IndexError::IndexError;
};

// What a system error number (errno) means, in French, for the messages above and the
// command's: strerror speaks the C locale's English ("No such file or directory").
std::string system_error_text(int error);

}  // namespace cartoffre
