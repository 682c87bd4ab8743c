#pragma once
// Sentences with {placeholders}, as the catalogues write them (the page's
// web/src/lang/, the console's and the trace's words): fill() puts each
// named value in; a {name} with no value stays as it is, so a missing one
// shows rather than vanishing.
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace asyncplay::words {

using Values = std::initializer_list<std::pair<std::string_view, std::string>>;

std::string fill(std::string_view text, Values values = {});

}  // namespace asyncplay::words
