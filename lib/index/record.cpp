#include "index/record.hpp"

#include <cstdint>
#include <cstdio>
#include <cstring>

#include "cartoffre/error.hpp"
#include "cartoffre/fields.hpp"
#include "index/cursor.hpp"

namespace cartoffre::detail {

namespace {

class Writer {
  public:
    void varint(uint64_t v) {
        while (v >= 0x80) {
            m_out += static_cast<char>((v & 0x7f) | 0x80);
            v >>= 7;
        }
        m_out += static_cast<char>(v);
    }
    void text(const std::string& s) {
        varint(s.size());
        m_out += s;
    }
    void list(const std::vector<std::string>& v) {
        varint(v.size());
        for (auto& s : v) text(s);
    }
    void number(const std::optional<double>& d) {
        m_out += static_cast<char>(d.has_value());
        if (!d) return;
        char bytes[sizeof(double)];
        std::memcpy(bytes, &*d, sizeof bytes);
        m_out.append(bytes, sizeof bytes);
    }
    void integer(const std::optional<int>& i) {
        m_out += static_cast<char>(i.has_value());
        if (i) varint(static_cast<uint32_t>(*i));
    }
    void flag(bool b) { m_out += static_cast<char>(b); }
    std::string take() { return std::move(m_out); }

  private:
    std::string m_out;
};

class Reader {
  public:
    explicit Reader(std::string_view in) : m_in(in) {}
    uint64_t varint() {
        // Most lengths and counts fit one byte: read without the loop.
        if (!m_in.empty() && static_cast<uint8_t>(m_in[0]) < 0x80) {
            const auto v = static_cast<uint8_t>(m_in[0]);
            m_in.remove_prefix(1);
            return v;
        }
        uint64_t v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            uint8_t byte = static_cast<uint8_t>(next(1)[0]);
            v |= uint64_t{byte & 0x7fu} << shift;
            if (!(byte & 0x80)) return v;
        }
        throw IndexError("fiche d'offre abîmée dans l'index : entier trop long");
    }
    std::string_view text_view() {
        size_t n = varint();
        return next(n);
    }
    std::optional<double> number() {
        if (!flag()) return std::nullopt;
        double d;
        std::memcpy(&d, next(sizeof d).data(), sizeof d);
        return d;
    }
    std::optional<int> integer() {
        if (!flag()) return std::nullopt;
        return static_cast<int>(static_cast<uint32_t>(varint()));
    }
    bool flag() { return next(1)[0] != 0; }
    // Steps over one stored value of the field table's kind (FieldMember's alternative).
    void skip(size_t kind) {
        switch (kind) {
            case 0:
                text_view();
                break;
            case 1:
                for (uint64_t n = varint(); n > 0; --n) text_view();
                break;
            case 2:
                if (flag()) next(sizeof(double));
                break;
            case 3:
                if (flag()) varint();
                break;
            case 4:
                flag();
                break;
            default:
                for (uint64_t n = varint(); n > 0; --n) text_view(), text_view();
        }
    }
    std::string_view rest() const { return m_in; }

  private:
    std::string_view next(size_t n) {
        if (n > m_in.size()) throw IndexError("fiche d'offre abîmée dans l'index : tronquée");
        std::string_view part = m_in.substr(0, n);
        m_in.remove_prefix(n);
        return part;
    }
    std::string_view m_in;
};

// Both directions walk the field tables (include/cartoffre/fields.hpp) in their order, the
// offer's then its criteria's; what the index computes is stored apart (columns, clusters).
template <class Io, class O>
void fields(Io& io, O& o) {
    for (auto& field : offer_fields())
        if (field.origin != FieldOrigin::index) visit_field(field, o, io);
    for (auto& field : criteria_fields()) visit_field(field, o.criteria, io);
}

struct Encode {
    Writer& w;
    void operator()(const std::string& s) { w.text(s); }
    void operator()(const std::vector<std::string>& v) { w.list(v); }
    void operator()(const std::optional<double>& d) { w.number(d); }
    void operator()(const std::optional<int>& i) { w.integer(i); }
    void operator()(bool b) { w.flag(b); }
    void operator()(const std::vector<Closure>& v) {
        w.varint(v.size());
        for (auto& c : v) w.text(c.from), w.text(c.to);
    }
};

// Assigns in place (no temporary string per field, then a move): a page decodes twenty records
// into its hits, and each record is some forty fields.
struct Decode {
    Reader& r;
    void operator()(std::string& s) { s.assign(r.text_view()); }
    void operator()(std::vector<std::string>& v) {
        v.resize(r.varint());
        for (auto& s : v) s.assign(r.text_view());
    }
    void operator()(std::optional<double>& d) { d = r.number(); }
    void operator()(std::optional<int>& i) { i = r.integer(); }
    void operator()(bool& b) { b = r.flag(); }
    void operator()(std::vector<Closure>& v) {
        v.resize(r.varint());
        for (auto& c : v) c.from.assign(r.text_view()), c.to.assign(r.text_view());
    }
};

}  // namespace

std::string encode_record(const Offer& offer) {
    Writer w;
    Encode encode{w};
    fields(encode, offer);
    return w.take();
}

Offer decode_record(std::string_view bytes) {
    Offer offer;
    decode_record(bytes, offer);
    return offer;
}

void decode_record(std::string_view bytes, Offer& offer) {
    Reader r(bytes);
    Decode decode{r};
    fields(decode, offer);
}

std::string record_layout() {
    std::string names;
    auto add = [&](const char* name, size_t kind) {
        names += name;
        names += ':' + std::to_string(kind) + ',';
    };
    for (auto& field : offer_fields())
        if (field.origin != FieldOrigin::index) add(field.name, field.member.index());
    for (auto& field : criteria_fields()) add(field.name, field.member.index());
    char hex[17];
    std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(digest(names)));
    return hex;
}

std::string_view record_id(std::string_view bytes) {
    Reader r(bytes);
    return r.text_view();
}

RecordView::RecordView(std::string_view bytes) : m_fields(offer_fields().size()) {
    Reader r(bytes);
    for (size_t i = 0; i < m_fields.size(); ++i) {
        const auto& field = offer_fields()[i];
        if (field.origin == FieldOrigin::index) continue;
        if (field.member.index() == 0) {  // a text: its bytes, read once here
            m_fields[i] = r.text_view();
            continue;
        }
        const std::string_view from = r.rest();
        r.skip(field.member.index());
        m_fields[i] = from.substr(0, from.size() - r.rest().size());
    }
}

std::string_view RecordView::text(size_t field) const {
    return m_fields[field];
}

void RecordView::list(size_t field, std::vector<std::string_view>& out) const {
    out.clear();
    if (m_fields[field].empty()) return;
    Reader r(m_fields[field]);
    for (uint64_t n = r.varint(); n > 0; --n) out.push_back(r.text_view());
}

std::optional<double> RecordView::number(size_t field) const {
    if (m_fields[field].empty()) return std::nullopt;
    Reader r(m_fields[field]);
    return r.number();
}

std::optional<int> RecordView::integer(size_t field) const {
    if (m_fields[field].empty()) return std::nullopt;
    Reader r(m_fields[field]);
    return r.integer();
}

}  // namespace cartoffre::detail
