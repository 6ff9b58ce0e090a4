#pragma once
// Files that may be gzip-compressed: read as a stream whichever they are (told by their magic
// bytes, not their name), written compressed when their name ends in ".gz".

#include <filesystem>
#include <istream>
#include <memory>
#include <streambuf>
#include <string_view>

namespace cartoffre::detail {

// A file opened for reading, decompressed on the fly when it starts with the gzip magic bytes.
// Throws DataError naming the file when it cannot be opened.
class InputFile {
  public:
    explicit InputFile(const std::filesystem::path& file);
    ~InputFile();
    InputFile(const InputFile&) = delete;
    InputFile& operator=(const InputFile&) = delete;

    std::istream& stream() { return m_stream; }
    bool compressed() const { return m_compressed; }

  private:
    std::unique_ptr<std::streambuf> m_buffer;
    std::istream m_stream{nullptr};
    bool m_compressed = false;
};

// A file written through a temporary beside it and renamed into place by close(), so that a
// failed write never leaves half a file under the final name. Throws Error naming the file.
class OutputFile {
  public:
    explicit OutputFile(const std::filesystem::path& file);
    ~OutputFile();  // removes the temporary when close() was not reached
    OutputFile(const OutputFile&) = delete;
    OutputFile& operator=(const OutputFile&) = delete;

    void write(std::string_view bytes);
    void close();

  private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

}  // namespace cartoffre::detail
