#pragma once
// Every file the command writes (exports, the duplicates table, load reports) and its standard
// output go through these, so that a write that fails (a full disk, a closed pipe, /dev/full)
// is an error naming the file and the system's reason, never a success with a short file.

#include <sys/stat.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <stdexcept>
#include <string>

#include "cartoffre/error.hpp"

namespace cartoffre::cli {

// A write that failed: the command exits 1 with this message.
class OutputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

[[noreturn]] inline void output_failed(const std::string& what, int error) {
    throw OutputError("impossible d'écrire " + what + " : " + cartoffre::system_error_text(error));
}

// Flushes the standard output and checks that all of it was written.
inline void finish_standard_output() {
    // stdio first: the flush that fails sets errno; glibc then drops what it could not write,
    // so a second flush (std::cout's, which is synchronised with stdio) would say nothing.
    errno = 0;
    const bool flushed = std::fflush(stdout) == 0;
    const int error = errno;
    std::cout.flush();
    if (!flushed || std::ferror(stdout) || !std::cout)
        output_failed("la sortie standard", error ? error : EIO);
}

// A file written under a temporary name (FILE.part) and renamed by finish(), so that a failed
// write leaves no half file; or the standard output for "" and "-". A path that is not a
// regular file (a device such as /dev/full, a named pipe, /dev/stdout) is written in place: a
// rename would replace it.
class OutputFile {
  public:
    explicit OutputFile(const std::string& path) : m_path(path) {
        if (path.empty() || path == "-") {
            m_file = stdout;
            m_name = "la sortie standard";
            return;
        }
        m_name = path;
        struct stat status {};
        const bool special = ::stat(path.c_str(), &status) == 0 && !S_ISREG(status.st_mode);
        m_temporary = special ? path : path + ".part";
        m_file = std::fopen(m_temporary.c_str(), "wb");
        if (!m_file) output_failed(path, errno);
        if (special) m_temporary.clear();
    }
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;
    ~OutputFile() {
        if (m_file && m_file != stdout) {
            std::fclose(m_file);
            if (!m_temporary.empty()) std::remove(m_temporary.c_str());
        }
    }

    std::string& buffer() { return m_buffer; }
    void flush_if_full() {
        if (m_buffer.size() > (1 << 20)) flush();
    }
    // Writes what is left, then renames the file into place; throws OutputError on failure.
    void finish() {
        flush();
        if (m_file == stdout) {
            finish_standard_output();
            return;
        }
        FILE* file = m_file;
        m_file = nullptr;
        errno = 0;
        const bool written = std::fflush(file) == 0 && !std::ferror(file);
        const int error = errno ? errno : EIO;
        const bool closed = std::fclose(file) == 0;
        const int close_error = errno;
        if (!written || !closed) {
            if (!m_temporary.empty()) std::remove(m_temporary.c_str());
            output_failed(m_name, written ? close_error : error);
        }
        if (m_temporary.empty()) return;
        if (std::rename(m_temporary.c_str(), m_path.c_str()) != 0) {
            const int rename_error = errno;
            std::remove(m_temporary.c_str());
            output_failed(m_name, rename_error);
        }
    }

  private:
    void flush() {
        if (!m_buffer.empty() &&
            std::fwrite(m_buffer.data(), 1, m_buffer.size(), m_file) != m_buffer.size())
            output_failed(m_name, errno);
        m_buffer.clear();
    }

    std::string m_path, m_temporary, m_name;
    FILE* m_file = nullptr;
    std::string m_buffer;
};

}  // namespace cartoffre::cli
