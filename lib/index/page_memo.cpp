#include "index/page_memo.hpp"

#include <algorithm>
#include <random>
#include <utility>

#include "cartoffre/filters.hpp"
#include "index/cursor.hpp"

namespace cartoffre::detail {

namespace {

thread_local bool memo_off = false;
thread_local bool memo_every = false;
thread_local size_t served = 0;

// Drawn once a process: the keys of the memo's hashes are never written anywhere.
struct Keys {
    uint64_t k[4];
    Keys() {
        std::random_device device;
        for (uint64_t& key : k) key = uint64_t{device()} << 32 | device();
    }
};

}  // namespace

MemoKey memo_key(const Query& q, const Date& today) {
    static const Keys keys;
    std::string text = canonical_query(q);
    text += code_of(q.sort);
    text += '\xff';
    text += today.to_string();
    return {keyed_hash(text, keys.k[0], keys.k[1]), keyed_hash(text, keys.k[2], keys.k[3])};
}

std::shared_ptr<const MemoEntry> PageMemo::find(const MemoKey& key) const {
    const std::lock_guard<std::mutex> hold(m_lock);
    for (const auto& entry : m_entries)
        if (entry && entry->key == key) return entry;
    return nullptr;
}

void PageMemo::keep(std::shared_ptr<const MemoEntry> entry) {
    std::shared_ptr<const MemoEntry> replaced;  // freed after the lock is let go
    const std::lock_guard<std::mutex> hold(m_lock);
    for (auto& kept : m_entries)
        if (kept && kept->key == entry->key) {  // asked again: the same content, kept once
            replaced = std::exchange(kept, std::move(entry));
            return;
        }
    replaced = std::exchange(m_entries[m_next], std::move(entry));
    m_next = (m_next + 1) % capacity;
}

NoPageMemo::NoPageMemo() {
    memo_off = true;
}
NoPageMemo::~NoPageMemo() {
    memo_off = false;
}
bool page_memo_used() {
    return !memo_off;
}

MemoEveryQuery::MemoEveryQuery() {
    memo_every = true;
}
MemoEveryQuery::~MemoEveryQuery() {
    memo_every = false;
}
size_t memo_min_matches() {
    return memo_every ? 0 : PageMemo::min_matches;
}

size_t pages_from_memo() {
    return served;
}
void count_page_from_memo() {
    ++served;
}

}  // namespace cartoffre::detail
