// Python arguments read into the library's values, with errors that name the argument, what it
// should be and what it was. A wrong type is a TypeError; a value the library cannot use is a
// QueryError (also a ValueError), like the library's own checks of a query.

#include <algorithm>

#include "cartoffre/error.hpp"
#include "convert.hpp"

namespace cartoffre::python {

namespace {

std::string type_name(py::handle value) {
    return Py_TYPE(value.ptr())->tp_name;
}

[[noreturn]] void wrong_type(const char* name, const char* expected, py::handle value) {
    throw py::type_error(std::string(name) + " must be " + expected + ", not " + type_name(value));
}

// datetime's classes, looked up once; the references are kept for the interpreter's life.
py::handle datetime_class(const char* name) {
    return py::object(py::module_::import("datetime").attr(name)).release();
}

bool is_date(py::handle value) {
    static py::handle date = datetime_class("date");
    return py::isinstance(value, date);
}

bool is_datetime(py::handle value) {
    static py::handle datetime = datetime_class("datetime");
    return py::isinstance(value, datetime);
}

int int_attr(py::handle value, const char* attr) {
    return value.attr(attr).cast<int>();
}

// Two or four numbers as a tuple or list.
std::vector<double> numbers(py::handle value, const char* name, size_t count,
                            const char* expected) {
    if (!py::isinstance<py::tuple>(value) && !py::isinstance<py::list>(value))
        wrong_type(name, expected, value);
    py::sequence items = py::reinterpret_borrow<py::sequence>(value);
    if (items.size() != count)
        throw QueryError(std::string(name) + " must be " + expected + ", got " +
                         std::to_string(items.size()) + " values");
    std::vector<double> out;
    for (auto item : items) out.push_back(number_arg(item, name));
    return out;
}

}  // namespace

std::string text_arg(py::handle value, const char* name) {
    if (value.is_none()) return {};
    if (!py::isinstance<py::str>(value)) wrong_type(name, "a str", value);
    return value.cast<std::string>();
}

std::vector<std::string> codes_arg(py::handle value, const char* name) {
    std::vector<std::string> out;
    if (value.is_none()) return out;
    if (py::isinstance<py::str>(value)) return {value.cast<std::string>()};
    if (py::isinstance<py::bytes>(value) || !py::isinstance<py::iterable>(value))
        wrong_type(name, "a str or an iterable of str", value);
    for (auto item : value) {
        if (!py::isinstance<py::str>(item))
            wrong_type(name, "a str or an iterable of str (one item is not)", item);
        out.push_back(item.cast<std::string>());
    }
    // A set has no order: sorted, the same codes always make the same query (and cursor).
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

double number_arg(py::handle value, const char* name) {
    if (PyBool_Check(value.ptr()) || (!PyFloat_Check(value.ptr()) && !PyLong_Check(value.ptr())))
        wrong_type(name, "a number", value);
    const double number = PyFloat_AsDouble(value.ptr());
    if (PyErr_Occurred()) throw py::error_already_set();
    return number;
}

size_t count_arg(py::handle value, const char* name) {
    if (PyBool_Check(value.ptr()) || !PyLong_Check(value.ptr())) wrong_type(name, "an int", value);
    const long long n = PyLong_AsLongLong(value.ptr());
    if (PyErr_Occurred()) {
        PyErr_Clear();
        throw QueryError(std::string(name) + " is too large");
    }
    if (n < 0) throw QueryError(std::string(name) + " must be 0 or more, got " + std::to_string(n));
    return static_cast<size_t>(n);
}

bool flag_arg(py::handle value, const char* name) {
    if (!PyBool_Check(value.ptr())) wrong_type(name, "True or False", value);
    return value.ptr() == Py_True;
}

std::optional<bool> optional_flag_arg(py::handle value, const char* name) {
    if (value.is_none()) return std::nullopt;
    if (!PyBool_Check(value.ptr())) wrong_type(name, "True, False or None", value);
    return value.ptr() == Py_True;
}

std::optional<LatLon> point_arg(py::handle value, const char* name) {
    if (value.is_none()) return std::nullopt;
    auto v = numbers(value, name, 2, "a (latitude, longitude) pair");
    return LatLon{v[0], v[1]};
}

std::optional<Box> box_arg(py::handle value, const char* name) {
    if (value.is_none()) return std::nullopt;
    auto v = numbers(value, name, 4, "(south, west, north, east)");
    return Box{v[0], v[1], v[2], v[3]};
}

std::optional<Date> date_arg(py::handle value, const char* name) {
    if (value.is_none()) return std::nullopt;
    if (py::isinstance<py::str>(value)) return parse_date(value.cast<std::string>());
    if (!is_date(value)) wrong_type(name, "a datetime.date or a \"YYYY-MM-DD\" str", value);
    return Date{int_attr(value, "year"), int_attr(value, "month"), int_attr(value, "day")};
}

std::optional<LocalDateTime> moment_arg(py::handle value, const char* name) {
    if (value.is_none()) return std::nullopt;
    if (py::isinstance<py::str>(value)) return parse_date_time(value.cast<std::string>());
    if (!is_datetime(value))
        wrong_type(name, "a datetime.datetime or a \"YYYY-MM-DDTHH:MM\" str", value);
    // A naive datetime is Paris time; an aware one is an instant, seen from Paris (each offer
    // is then judged by its own département's clock).
    LocalDateTime when;
    when.date = {int_attr(value, "year"), int_attr(value, "month"), int_attr(value, "day")};
    when.minute_of_day = int_attr(value, "hour") * 60 + int_attr(value, "minute");
    const py::object offset = value.attr("utcoffset")();
    if (offset.is_none()) return when;
    const double seconds = offset.attr("total_seconds")().cast<double>();
    return paris_time_of(when, static_cast<int>(seconds / 60));
}

std::filesystem::path path_arg(py::handle value, const char* name) {
    if (!py::isinstance<py::str>(value) && !py::hasattr(value, "__fspath__"))
        wrong_type(name, "a str or an os.PathLike", value);
    py::object text = py::module_::import("os").attr("fspath")(value);
    if (!py::isinstance<py::str>(text)) wrong_type(name, "a str path", text);
    return text.cast<std::string>();
}

Profile make_profile(py::handle age, py::handle birth_date, py::handle genre, py::handle lives_in,
                     py::handle qpv, py::handle frr, py::handle statuses,
                     py::handle statuses_complete, py::handle diplome, py::handle permis,
                     py::handle vehicule) {
    Profile p;
    if (!age.is_none()) {
        if (PyBool_Check(age.ptr()) || !PyLong_Check(age.ptr()))
            wrong_type("age", "an int or None", age);
        const long years = PyLong_AsLong(age.ptr());
        if (PyErr_Occurred() || years < 0 || years > 150) {
            PyErr_Clear();
            throw QueryError("âge invalide : " + py::str(age).cast<std::string>() +
                             " (de 0 à 150 ans)");
        }
        p.age = static_cast<int>(years);
    }
    p.birth_date = date_arg(birth_date, "birth_date");
    p.genre = text_arg(genre, "genre");
    p.lives_in = text_arg(lives_in, "lives_in");
    p.qpv = optional_flag_arg(qpv, "qpv");
    p.frr = optional_flag_arg(frr, "frr");
    p.statuses = codes_arg(statuses, "statuses");
    p.statuses_complete = flag_arg(statuses_complete, "statuses_complete");
    p.diplome = text_arg(diplome, "diplome");
    p.permis = optional_flag_arg(permis, "permis");
    p.vehicule = optional_flag_arg(vehicule, "vehicule");
    return p;
}

std::optional<Profile> profile_arg(py::handle value) {
    if (value.is_none()) return std::nullopt;
    if (py::isinstance<Profile>(value)) return value.cast<Profile>();
    if (!py::isinstance<py::dict>(value))
        wrong_type("profile", "a cartoffre.Profile or a dict", value);
    static const char* const keys[] = {"age",     "birth_date", "genre",    "lives_in",
                                       "qpv",     "frr",        "statuses", "statuses_complete",
                                       "diplome", "permis",     "vehicule"};
    py::dict facts = py::reinterpret_borrow<py::dict>(value);
    for (auto item : facts) {
        const std::string key = py::str(item.first).cast<std::string>();
        if (std::find(std::begin(keys), std::end(keys), key) == std::end(keys))
            throw py::type_error("profile has an unknown key '" + key + "'");
    }
    auto get = [&](const char* key, py::object fallback) {
        return facts.contains(key) ? py::object(facts[key]) : fallback;
    };
    const py::object none = py::none();
    return make_profile(get("age", none), get("birth_date", none), get("genre", none),
                        get("lives_in", none), get("qpv", none), get("frr", none),
                        get("statuses", none), get("statuses_complete", py::bool_(false)),
                        get("diplome", none), get("permis", none), get("vehicule", none));
}

}  // namespace cartoffre::python
