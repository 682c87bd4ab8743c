// The page console's catalogues (wasm/console_words_*.cpp): each is whole,
// says the same {placeholders}, and the Spanish one is Spanish.
#include "wasm/console_words.hpp"

#include <gtest/gtest.h>

#include <iterator>
#include <regex>
#include <set>
#include <string>

#include "compose/expression.hpp"
#include "compose/functions.hpp"
#include "compose/value.hpp"
#include "trace/event_words.hpp"

using namespace asyncplay::wasm;

namespace {

std::set<std::string> placeholders(const char* text) {
  std::set<std::string> found;
  static const std::regex braces(R"(\{(\w+)\})");
  std::string s(text);
  for (auto it = std::sregex_iterator(s.begin(), s.end(), braces); it != std::sregex_iterator(); ++it) {
    found.insert((*it)[1]);
  }
  return found;
}

}  // namespace

TEST(ConsoleWords, TheFieldListNamesEveryField) {
  EXPECT_EQ(std::size(kConsoleWordFields) * sizeof(const char*), sizeof(ConsoleWords));
}

TEST(ConsoleWords, BothCataloguesAreWholeAndFillTheSamePlaceholders) {
  for (auto field : kConsoleWordFields) {
    const char* en = kEnglishWords.*field;
    const char* es = kSpanishWords.*field;
    ASSERT_NE(en, nullptr);
    ASSERT_NE(es, nullptr);
    EXPECT_NE(std::string(en), "") << "an empty English sentence";
    EXPECT_NE(std::string(es), "") << "an empty Spanish sentence";
    EXPECT_EQ(placeholders(en), placeholders(es)) << en << " / " << es;
  }
}

TEST(ConsoleWords, TheSpanishIsSpanish) {
  int same = 0;
  for (auto field : kConsoleWordFields) same += std::string(kEnglishWords.*field) == kSpanishWords.*field;
  EXPECT_EQ(same, 4) << "only 'relay: {url}', the state 'pending' (the book's word) and the two lines of "
                        "`get URL...` ('bytes', 'error') read the same in both";
  EXPECT_NE(std::string(kSpanishWords.help).find("el capítulo 20 paso a paso"), std::string::npos);
}

TEST(ConsoleWords, TheLanguageIsChosenByItsTag) {
  EXPECT_EQ(&console_words("es"), &kSpanishWords);
  EXPECT_EQ(&console_words("es-MX"), &kSpanishWords);
  EXPECT_EQ(&console_words("en"), &kEnglishWords);
  EXPECT_EQ(&console_words("fr"), &kEnglishWords);
  EXPECT_EQ(&console_words(""), &kEnglishWords);
}

TEST(ConsoleWords, FillPutsValuesInAndLeavesUnknownKeys) {
  EXPECT_EQ(fill("connected to {target} via {relay}", {{"target", "a:1"}, {"relay", "ws://r"}}),
            "connected to a:1 via ws://r");
  EXPECT_EQ(fill("{n} and {m}", {{"n", "1"}}), "1 and {m}");
  EXPECT_EQ(fill("no braces"), "no braces");
  EXPECT_EQ(fill("half {open"), "half {open");
  EXPECT_EQ(fill("{x}{x}", {{"x", "{x}"}}), "{x}{x}") << "values are not filled again";
}

// The trace's words: every sentence of both tables filled with the same
// {placeholders}; `trace on` in Spanish, with the runtime's English pieces
// said again by the phrases.
namespace {
using asyncplay::trace::TraceWords;
constexpr const char* TraceWords::*kTraceWordFields[] = {
    &TraceWords::task,
    &TraceWords::spawned,
    &TraceWords::spawned_by,
    &TraceWords::first_poll,
    &TraceWords::polled_woken,
    &TraceWords::polled,
    &TraceWords::pending,
    &TraceWords::parked_at,
    &TraceWords::parked_inside,
    &TraceWords::waits_for,
    &TraceWords::and_waits_for,
    &TraceWords::ready,
    &TraceWords::ready_threw,
    &TraceWords::woken,
    &TraceWords::scheduled,
    &TraceWords::repoll,
    &TraceWords::already_scheduled,
    &TraceWords::cancelled,
    &TraceWords::lint,
    &TraceWords::cause_outside,
    &TraceWords::cause_task,
    &TraceWords::cause_task_what,
    &TraceWords::cause_yield,
    &TraceWords::cause_fd,
    &TraceWords::cause_websocket,
    &TraceWords::cause_websocket_bytes,
    &TraceWords::cause_websocket_code,
    &TraceWords::cause_local,
    &TraceWords::cause_local_bytes,
    &TraceWords::cause_timer,
    &TraceWords::cause_timer_ms,
    &TraceWords::cause_thread,
};
}  // namespace

TEST(TraceWords, BothTablesAreWholeAndFillTheSamePlaceholders) {
  // Every sentence is listed: the fields are these, a decimal point and the phrases.
  EXPECT_EQ(std::size(kTraceWordFields) * sizeof(const char*) + 2 * sizeof(void*), sizeof(TraceWords));
  const TraceWords& en = asyncplay::trace::kEnglishTraceWords;
  const TraceWords& es = kSpanishTraceWords;
  for (auto field : kTraceWordFields) {
    ASSERT_NE(en.*field, nullptr);
    ASSERT_NE(es.*field, nullptr);
    EXPECT_EQ(placeholders(en.*field), placeholders(es.*field)) << en.*field << " / " << es.*field;
  }
  EXPECT_EQ(&trace_words("es-ES"), &kSpanishTraceWords);
  EXPECT_EQ(&trace_words("en"), &asyncplay::trace::kEnglishTraceWords);
}

TEST(TraceWords, TraceOnSpeaksSpanish) {
  using namespace asyncplay;
  using asyncplay::trace::EventWords;
  Clock::time_point origin{};
  EventWords words(origin, kSpanishTraceWords);
  auto event = [](TraceKind kind, Clock::time_point at) {
    TraceEvent e{};
    e.kind = kind;
    e.at = at;
    return e;
  };
  TraceEvent wake = event(TraceKind::wake, origin + std::chrono::microseconds(1500));
  wake.task = 3;
  wake.name = "get";
  wake.wake_id = 7;
  wake.cause = WakeCause{WakeCause::Kind::local, "data", 2, 120};
  wake.effect = WakeEffect::scheduled;
  EXPECT_EQ(
      *words.line(wake),
      "+1,500 ms  tarea 3 get: despertada por la conexión en el navegador 2 datos de 120 bytes; programada");
  TraceEvent poll = event(TraceKind::poll, origin + std::chrono::milliseconds(2));
  poll.task = 3;
  poll.name = "get";
  poll.wake_id = 7;
  EXPECT_EQ(*words.line(poll),
            "+2,000 ms  tarea 3 get: poll (despertada por la conexión en el navegador 2 datos de 120 bytes): "
            "continúa donde se detuvo");
  std::string waits[] = {"JoinHandle of task 4", "timer 100 ms"};
  TraceEvent pending = event(TraceKind::pending, origin + std::chrono::milliseconds(3));
  pending.task = 3;
  pending.busy = std::chrono::microseconds(41);
  pending.waits = waits;
  EXPECT_EQ(
      *words.line(pending),
      "+3,000 ms  tarea 3: Pending tras 0,041 ms, espera JoinHandle de la tarea 4 y temporizador 100 ms");
  TraceEvent lint = event(TraceKind::lint, origin);
  lint.task = 5;
  lint.lint = Lint::long_poll;
  lint.text = "one poll ran 500 ms: every other task waited meanwhile (something in it blocks)";
  EXPECT_EQ(*words.line(lint),
            "+0,000 ms  tarea 5: lint long-poll: un poll duró 500 ms: todas las demás tareas esperaron "
            "mientras tanto (algo en él bloquea)");
  // English, the runtime's own words, is what it was.
  EventWords english(origin);
  EXPECT_EQ(*english.line(wake),
            "+1.500 ms  task 3 get: woken by in-browser connection 2 data of 120 bytes; scheduled");
}

TEST(Phrases, MatchWholePhrasesLongestFirstAndLeaveTheRest) {
  asyncplay::words::Phrases phrases(
      {{"credit", "crédito"}, {"credit (the reader is behind)", "crédito (atrás)"}, {"data", "datos"}});
  EXPECT_EQ(phrases.in_words("connection 2 credit (the reader is behind)"), "connection 2 crédito (atrás)");
  EXPECT_EQ(phrases.in_words("credit of 5"), "crédito of 5");
  EXPECT_EQ(phrases.in_words("database metadata data"), "database metadata datos") << "whole words only";
  EXPECT_EQ(asyncplay::words::Phrases().in_words("data"), "data");
  EXPECT_EQ(phrases.in_words(""), "");
}

// `run`'s words: the same {placeholders} in both, a line for each function,
// and the values in Spanish with the book's terms kept.
TEST(ComposeWords, SpanishSaysTheListTheLimitsAndTheValues) {
  using namespace asyncplay::compose;
  const ComposeWords& en = kEnglishComposeWords;
  const ComposeWords& es = kSpanishComposeWords;
  for (auto field :
       {&ComposeWords::limits, &ComposeWords::bytes, &ComposeWords::connected, &ComposeWords::won,
        &ComposeWords::dropped, &ComposeWords::timed_out, &ComposeWords::cancelled}) {
    EXPECT_EQ(placeholders(en.*field), placeholders(es.*field)) << en.*field;
  }
  std::string list = function_list("  ", es);
  EXPECT_NE(list.find("race(FUTURE, ...)"), std::string::npos) << list;
  EXPECT_NE(list.find("gana el primero que está Ready"), std::string::npos) << list;
  EXPECT_EQ(function_list("  ").find("gana"), std::string::npos) << "English by default";
  EXPECT_NE(limits_in_words(es).find("como mucho 1000 caracteres"), std::string::npos) << limits_in_words(es);
  EXPECT_EQ(Value::response("HTTP/1.1 200 OK\r\n\r\nhi").to_string(es), "Ready(200 OK, 21 bytes)");
  EXPECT_EQ(Value::connected("local:7878").to_string(es), "Ready(conectado a local:7878)");
  EXPECT_EQ(Value::won("sleep(100ms)", Value::unit(), {"never()"}).to_string(es),
            "Ready(ganó sleep(100ms): Ready(()); descartado never())");
  EXPECT_EQ(Value::won("sleep(100ms)", Value::unit(), {"never()"}).to_string(),
            "Ready(sleep(100ms) won: Ready(()); dropped never())");
  EXPECT_EQ(Value::timed_out("20 ms", "never()").to_string(es),
            "tiempo agotado tras 20 ms; descartado never()");
  EXPECT_EQ(Value::cancelled().to_string(es), "cancelado");
}

// The layers below speak English; the console's error lines say their pieces
// again, and leave what a person typed as it was.
TEST(ErrorPhrases, TheCommonErrorsReadInSpanish) {
  const auto& es = error_phrases("es");
  EXPECT_EQ(
      es.in_words(
          "connect 127.0.0.1:1 via relay ws://r/relay: relay unreachable (nothing accepted the WebSocket: "
          "is the relay running, and does it allow this page's origin?)"),
      "connect 127.0.0.1:1 via relay ws://r/relay: relay inalcanzable (nadie aceptó el WebSocket: ¿está en "
      "marcha "
      "el relay, y admite el origen de esta página?)");
  EXPECT_EQ(es.in_words("connect local:81: refused (nothing listens on that port in the in-browser host)"),
            "connect local:81: rechazada (nada escucha en ese puerto del host en el navegador)");
  EXPECT_EQ(es.in_words("port 'x' is not a number from 1 to 65535"),
            "el puerto 'x' no es un número de 1 a 65535");
  EXPECT_EQ(es.in_words("unknown function 'slep': did you mean sleep? (known: sleep, get)"),
            "función desconocida 'slep': ¿quisiste decir sleep? (conocidas: sleep, get)");
  EXPECT_EQ(es.in_words("too few arguments: sleep(DURATION) takes 1 argument, not 0"),
            "faltan argumentos: sleep(DURATION) recibe 1 argumento, no 0");
  EXPECT_EQ(es.in_words("post needs a group and a message: post GROUP MESSAGE..."),
            "post necesita un grupo y un mensaje: post GROUP MESSAGE...");
  EXPECT_EQ(es.in_words("unknown function 'takes'"), "función desconocida 'takes'") << "what was typed stays";
  EXPECT_EQ(error_phrases("en").in_words("connect failed"), "connect failed");
}
