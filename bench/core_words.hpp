#pragma once
// The words of bench_core's text queries, which bench_words times one by one: one list, so that
// both benchmarks ask the same words.

#include <string>
#include <vector>

inline const std::vector<std::string>& bench_core_words() {
    static const std::vector<std::string> words{"emploi",
                                                "permis",
                                                "logement",
                                                "numérique",
                                                "cv",
                                                "formation",
                                                "santé",
                                                "rsa",
                                                "garde d'enfants",
                                                "aide alimentaire",
                                                "hébergement urgence",
                                                "mobilité"};
    return words;
}
