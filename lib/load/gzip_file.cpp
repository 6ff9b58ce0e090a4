#include "load/gzip_file.hpp"

#include <zlib.h>

#include <algorithm>
#include <array>
#include <fstream>

#include "cartoffre/error.hpp"

namespace cartoffre::detail {

namespace fs = std::filesystem;

namespace {

bool starts_with_gzip_magic(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw DataError("impossible de lire " + file.string());
    unsigned char magic[2] = {0, 0};
    in.read(reinterpret_cast<char*>(magic), 2);
    return in.gcount() == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
}

// Decompresses through zlib's gz* interface, which also reads concatenated gzip members.
class GzipBuffer : public std::streambuf {
  public:
    explicit GzipBuffer(const fs::path& file) : m_name(file.string()) {
        m_file = gzopen(m_name.c_str(), "rb");
        if (!m_file) throw DataError("impossible de lire " + m_name);
        gzbuffer(m_file, 1 << 17);
    }
    ~GzipBuffer() override { gzclose(m_file); }

  protected:
    int_type underflow() override {
        if (gptr() < egptr()) return traits_type::to_int_type(*gptr());
        const int n = gzread(m_file, m_buffer.data(), static_cast<unsigned>(m_buffer.size()));
        if (n <= 0) {
            // zlib hands out what a truncated file holds, then reports the truncation.
            int code = Z_OK;
            const char* message = gzerror(m_file, &code);
            if (n < 0 || code != Z_OK)
                throw DataError(m_name + " : données gzip corrompues ou tronquées : " + message);
            return traits_type::eof();
        }
        setg(m_buffer.data(), m_buffer.data(), m_buffer.data() + n);
        return traits_type::to_int_type(*gptr());
    }

  private:
    std::string m_name;
    gzFile m_file = nullptr;
    std::array<char, 1 << 16> m_buffer;
};

}  // namespace

InputFile::InputFile(const fs::path& file) : m_compressed(starts_with_gzip_magic(file)) {
    if (m_compressed) {
        m_buffer = std::make_unique<GzipBuffer>(file);
    } else {
        auto buffer = std::make_unique<std::filebuf>();
        if (!buffer->open(file, std::ios::in | std::ios::binary))
            throw DataError("impossible de lire " + file.string());
        m_buffer = std::move(buffer);
    }
    m_stream.rdbuf(m_buffer.get());
    // A read error inside the buffer must reach the caller, not end the file quietly.
    m_stream.exceptions(std::ios::badbit);
}

InputFile::~InputFile() = default;

struct OutputFile::Impl {
    fs::path file;
    fs::path temporary;
    std::ofstream plain;
    gzFile compressed = nullptr;
    bool closed = false;

    [[noreturn]] void fail() const { throw Error("impossible d'écrire " + file.string()); }
};

OutputFile::OutputFile(const fs::path& file) : m_impl(std::make_unique<Impl>()) {
    m_impl->file = file;
    m_impl->temporary = fs::path(file.string() + ".tmp");
    if (file.extension() == ".gz") {
        m_impl->compressed = gzopen(m_impl->temporary.c_str(), "wb6");
        if (!m_impl->compressed) m_impl->fail();
        gzbuffer(m_impl->compressed, 1 << 17);
    } else {
        m_impl->plain.open(m_impl->temporary, std::ios::binary | std::ios::trunc);
        if (!m_impl->plain) m_impl->fail();
    }
}

OutputFile::~OutputFile() {
    if (m_impl->closed) return;
    if (m_impl->compressed) gzclose(m_impl->compressed);
    m_impl->plain.close();
    std::error_code ignored;
    fs::remove(m_impl->temporary, ignored);
}

void OutputFile::write(std::string_view bytes) {
    if (m_impl->compressed) {
        while (!bytes.empty()) {
            const unsigned chunk = static_cast<unsigned>(std::min<size_t>(bytes.size(), 1 << 30));
            if (gzwrite(m_impl->compressed, bytes.data(), chunk) != static_cast<int>(chunk))
                m_impl->fail();
            bytes.remove_prefix(chunk);
        }
    } else if (!m_impl->plain.write(bytes.data(), static_cast<std::streamsize>(bytes.size()))) {
        m_impl->fail();
    }
}

void OutputFile::close() {
    if (m_impl->compressed) {
        const int status = gzclose(m_impl->compressed);
        m_impl->compressed = nullptr;
        if (status != Z_OK) m_impl->fail();
    } else {
        m_impl->plain.close();
        if (!m_impl->plain) m_impl->fail();
    }
    std::error_code error;
    fs::rename(m_impl->temporary, m_impl->file, error);
    if (error) m_impl->fail();
    m_impl->closed = true;
}

}  // namespace cartoffre::detail
