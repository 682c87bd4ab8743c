// The playground's commands (what the web terminal runs), driven directly,
// under Node against a real relay started by node_relay_test.sh.
#include "wasm/console.hpp"

#include <gtest/gtest.h>

#include <cstdlib>

#include <map>

#include <nlohmann/json.hpp>

#include "net/relay_config.hpp"
#include "runtime/time/sleep.hpp"

using namespace asyncplay;
using asyncplay::wasm::Output;

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

class ConsoleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (env("ASYNCPLAY_RELAY").empty()) GTEST_SKIP() << "run by tests/browser/node_relay_test.sh";
    net::set_relay_url(env("ASYNCPLAY_RELAY"));
    console = std::make_unique<wasm::Console>(
        [this](Output kind, const std::string& text) { lines.push_back({kind, text}); },
        "127.0.0.1:" + env("ASYNCPLAY_CHAT_PORT"));
  }
  // Runs the executor until `done` or two seconds.
  void wait_for(const std::function<bool()>& done) {
    block_on([](const std::function<bool()>& d) -> Task<void> {
      for (int i = 0; i < 200 && !d(); ++i) co_await sleep(std::chrono::milliseconds(10));
    }(done));
  }
  bool printed(Output kind, const std::string& part) const {
    for (const auto& [k, text] : lines) {
      if (k == kind && text.find(part) != std::string::npos) return true;
    }
    return false;
  }
  std::string all() const {
    std::string out;
    for (const auto& [k, text] : lines) out += std::to_string(static_cast<int>(k)) + ": " + text + "\n";
    return out;
  }
  void TearDown() override {
    if (!console) return;
    // None of our own futures may trip a lint, in any command the tests run.
    if (console->events().lints() == 0) return;
    for (const auto& e : nlohmann::json::parse(console->events().take_json())) {
      if (e["e"] == "lint") ADD_FAILURE() << e.dump();
    }
  }
  std::vector<std::pair<Output, std::string>> lines;
  std::unique_ptr<wasm::Console> console;
};

}  // namespace

TEST_F(ConsoleTest, ConnectJoinPostShowsTheMessageInTheBooksWords) {
  console->run("connect");  // returns once connected: block_on
  EXPECT_TRUE(printed(Output::out, "connected to")) << all();
  EXPECT_NE(console->status_json().find("\"relay_state\":\"reachable\""), std::string::npos) << console->status_json();
  console->run("join rust");
  console->run("post rust hello from the page");
  wait_for([&] { return printed(Output::message, "message posted to rust: hello from the page"); });
  EXPECT_TRUE(printed(Output::message, "message posted to rust: hello from the page")) << all();
}

// In Spanish the page says the book's two reply lines in Spanish; what the
// server itself says (its Error's text) stays the server's.
TEST_F(ConsoleTest, RepliesAreSaidInThePagesLanguage) {
  console->set_language("es");
  console->run("connect");
  console->run("join rust");
  console->run("post rust hola");
  console->run("post nadie hola");
  wait_for([&] { return printed(Output::error, "error del servidor: "); });
  EXPECT_TRUE(printed(Output::message, "mensaje publicado en rust: hola")) << all();
  EXPECT_TRUE(printed(Output::error, "error del servidor: Group 'nadie' does not exist (nadie se ha unido a nadie: "
                                     "join nadie lo crea)")) << all();
}

// The errors of the layers below, in Spanish on a Spanish page: the parser's,
// the chat client's, a HOST:PORT's.
TEST_F(ConsoleTest, ErrorsFromBelowAreSaidInThePagesLanguage) {
  console->set_language("es");
  console->run("run slep(10ms)");
  EXPECT_TRUE(printed(Output::error, "función desconocida 'slep': ¿quisiste decir sleep?")) << all();
  console->run("connect 127.0.0.1:nada");
  EXPECT_TRUE(printed(Output::error, "el puerto 'nada' no es un número de 1 a 65535")) << all();
  console->run("connect");
  console->run("post");
  wait_for([&] { return printed(Output::error, "post necesita un grupo y un mensaje"); });
  EXPECT_TRUE(printed(Output::error, "post necesita un grupo y un mensaje: post GROUP MESSAGE...")) << all();
}

// `trace on` and `tasks` in Spanish: the trace's sentences, the runtime's
// pieces said again (a timer, the chat writer's wait), the states.
TEST_F(ConsoleTest, TraceAndTasksAreSaidInThePagesLanguage) {
  console->set_language("es");
  console->run("trace on");
  console->run("run sleep(20ms)");
  EXPECT_TRUE(printed(Output::trace, "lanzada en ")) << all();
  EXPECT_TRUE(printed(Output::trace, "primer poll: el cuerpo se ejecuta hasta su primer co_await")) << all();
  EXPECT_TRUE(printed(Output::trace, "espera temporizador ")) << all();
  EXPECT_TRUE(printed(Output::trace, "despertada por un temporizador; programada")) << all();
  console->run("trace off");
  console->run("connect");
  console->run("tasks");
  EXPECT_TRUE(printed(Output::out, "chat writer  pending  polls 1, wakes ")) << all();
  EXPECT_TRUE(printed(Output::out, ", espera mpsc recv")) << all();
  EXPECT_TRUE(printed(Output::out, "us\n      detenida en ")) << all();
  EXPECT_FALSE(printed(Output::out, " busy ")) << all();
}

TEST_F(ConsoleTest, GetRunsCheapoRequestUnderBlockOn) {
  console->run("get 127.0.0.1 " + env("ASYNCPLAY_HTTP_PORT") + " /page");
  EXPECT_TRUE(printed(Output::out, "HTTP/1.1 200 OK")) << all();
  EXPECT_TRUE(printed(Output::out, "you asked for /page")) << all();
}

TEST_F(ConsoleTest, GetWithUrlsRunsThemAtOnce) {
  std::string url = "http://127.0.0.1:" + env("ASYNCPLAY_HTTP_PORT") + "/";
  console->run("get " + url + "a " + url + "b");
  wait_for([&] { return printed(Output::out, "2 requests at once"); });
  EXPECT_TRUE(printed(Output::out, "/a  HTTP/1.1 200 OK")) << all();
  EXPECT_TRUE(printed(Output::out, "/b  HTTP/1.1 200 OK")) << all();
}

TEST_F(ConsoleTest, CtrlCDropsTheFutureOfAGetThatNeverAnswers) {
  // Interrupts from inside the executor while block_on waits, as a keypress would.
  auto stopper = spawn([](wasm::Console& c) -> Task<void> {
    co_await sleep(std::chrono::milliseconds(200));
    c.interrupt();
  }(*console));
  console->run("get 127.0.0.1 " + env("ASYNCPLAY_HTTP_PORT") + " /never");
  EXPECT_TRUE(printed(Output::error, "cancelled")) << all();
  EXPECT_EQ(Executor::current().tasks().size(), 0u) << "the cancelled request left tasks behind";
}

TEST_F(ConsoleTest, CtrlCDropsTheRequestsOfAGetManyRunningInTheBackground) {
  std::string url = "http://127.0.0.1:" + env("ASYNCPLAY_HTTP_PORT") + "/never";
  console->run("get " + url + " " + url);  // returns at once: spawned
  EXPECT_NE(console->status_json().find("\"running\":\"get many\""), std::string::npos) << console->status_json();
  wait_for([&] { return Executor::current().live_tasks() >= 3; });  // the command and its two requests
  EXPECT_TRUE(console->interrupt());
  wait_for([&] { return Executor::current().live_tasks() == 0; });
  EXPECT_EQ(Executor::current().live_tasks(), 0u) << "the cancelled requests left tasks behind";
  EXPECT_TRUE(printed(Output::error, "cancelled")) << all();
  EXPECT_FALSE(console->interrupt()) << "nothing is running any more";
}

TEST_F(ConsoleTest, ARelayThatIsNotThereIsSaidInWords) {
  console->run("relay ws://127.0.0.1:1/relay");
  console->run("connect");
  EXPECT_TRUE(printed(Output::error, "relay unreachable")) << all();
  EXPECT_NE(console->status_json().find("\"relay_state\":\"unreachable\""), std::string::npos) << console->status_json();
}

TEST_F(ConsoleTest, TraceSaysWhereEachPollStoppedAndWhatWokeIt) {
  console->run("trace on");
  console->run("get 127.0.0.1 " + env("ASYNCPLAY_HTTP_PORT") + " /");
  console->run("trace off");
  EXPECT_TRUE(printed(Output::trace, " get: spawned at console.cpp:")) << all();
  EXPECT_TRUE(printed(Output::trace, " get: first poll")) << all();
  EXPECT_TRUE(printed(Output::trace, " at cheapo_request.cpp:")) << all();
  EXPECT_TRUE(printed(Output::trace, " in cheapo_request (inside connect_through_relay, tcp_stream_websocket.cpp:")) << all();
  EXPECT_TRUE(printed(Output::trace, "), waits for WebSocket ")) << all();
  EXPECT_TRUE(printed(Output::trace, " get: woken by WebSocket ")) << all();
  EXPECT_TRUE(printed(Output::trace, " in cheapo_request (inside read_to_string, tcp_stream.cpp:")) << all();
  EXPECT_TRUE(printed(Output::trace, " get: Ready after ")) << all();
}

// What the page's live view reads: the get task parked first at
// cheapo_request's connect, then at its read; each WebSocket event named as
// the wake that led to the next poll.
TEST_F(ConsoleTest, TheEventStreamShowsGetParkedAtConnectThenAtRead) {
  console->events().take_json();  // only this command's events
  console->run("get 127.0.0.1 " + env("ASYNCPLAY_HTTP_PORT") + " /");
  auto events = nlohmann::json::parse(console->events().take_json());
  std::uint64_t get = 0;
  for (const auto& e : events) {
    if (e["e"] == "spawn" && e["name"] == "get") get = e["task"];
  }
  ASSERT_NE(get, 0u) << events.dump(1);
  std::vector<int> cheapo_lines;
  std::vector<std::string> waits;
  std::map<std::uint64_t, std::string> wake_causes;
  std::vector<std::string> polled_after;
  for (const auto& e : events) {
    if (e["task"] != get) continue;
    if (e["e"] == "pending") {
      for (const auto& frame : e["at"]) {
        if (frame["file"] == "http/cheapo_request.cpp") {
          EXPECT_EQ(frame["fn"], "cheapo_request");
          EXPECT_FALSE(frame["lib"].get<bool>());
          EXPECT_GT(frame["frame"].get<int>(), 0) << "the frame that keeps cheapo_request's locals";
          cheapo_lines.push_back(frame["line"]);
        }
      }
      EXPECT_TRUE(e["at"].back()["lib"].get<bool>()) << "the innermost await is in the runtime's net layer";
      waits.push_back(e["waits"][0]);
    }
    if (e["e"] == "wake") wake_causes[e["wake"]] = e["cause"]["text"];
    if (e["e"] == "poll" && e["wake"] != 0) polled_after.push_back(wake_causes[e["wake"]]);
  }
  ASSERT_GE(cheapo_lines.size(), 2u) << events.dump(1);
  EXPECT_LT(cheapo_lines.front(), cheapo_lines.back()) << "connect comes before read_to_string";
  EXPECT_EQ(waits.front().find("WebSocket "), 0u) << waits.front();
  EXPECT_NE(waits.front().find(" open"), std::string::npos) << waits.front();
  EXPECT_NE(waits.back().find(" message"), std::string::npos) << waits.back();
  ASSERT_FALSE(polled_after.empty());
  for (const auto& cause : polled_after) {
    EXPECT_EQ(cause.find("WebSocket "), 0u) << "each poll after the first was led to by a WebSocket event: " << cause;
  }
}

TEST_F(ConsoleTest, PausedTheCommandWaitsAndEachStepPollsOneTask) {
  Executor::current().pause();
  auto stepper = spawn([]() -> Task<void> { co_return; }(), "bystander");
  EXPECT_EQ(Executor::current().ready_tasks(), 1u);
  EXPECT_NE(console->status_json().find("\"paused\":true"), std::string::npos) << console->status_json();
  Executor::current().step();
  Executor::current().run_until_idle();
  EXPECT_TRUE(stepper.is_finished());
  Executor::current().play();
  EXPECT_NE(console->status_json().find("\"paused\":false"), std::string::npos);
}

// One writer per stream (chat::ClientSession): posts queued faster than the
// WebSocket takes them are written whole and in order, not raced by a task each.
TEST_F(ConsoleTest, AThousandPostsFromThePageArriveInOrder) {
  console->run("connect");
  console->run("join order");
  for (int i = 0; i < 1000; ++i) console->run("post order m" + std::to_string(i));
  wait_for([&] { return printed(Output::message, "message posted to order: m999"); });
  std::vector<std::string> got;
  for (const auto& [kind, text] : lines) {
    if (kind == Output::message && text.rfind("message posted to order: ", 0) == 0) got.push_back(text);
  }
  ASSERT_EQ(got.size(), 1000u) << all();
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(got[i], "message posted to order: m" + std::to_string(i));
}

// A failed connect keeps the chat that works; `relay default` goes back.
TEST_F(ConsoleTest, AFailedConnectKeepsTheWorkingChat) {
  console->run("connect");
  console->run("join keep");
  console->run("relay ws://127.0.0.1:1/relay");
  console->run("connect");
  EXPECT_TRUE(printed(Output::error, "(still connected to 127.0.0.1:")) << all();
  EXPECT_NE(console->status_json().find("\"relay\":\"" + env("ASYNCPLAY_RELAY") + "\""), std::string::npos)
      << "the status names the relay the chat goes through: " << console->status_json();
  console->run("post keep still here");
  wait_for([&] { return printed(Output::message, "message posted to keep: still here"); });
  EXPECT_TRUE(printed(Output::message, "message posted to keep: still here")) << all();
  console->run("relay default");
  EXPECT_TRUE(printed(Output::out, "relay: " + env("ASYNCPLAY_RELAY"))) << all();
}

// One clear sentence each: the relay's reason said once, with what it
// allows, and no errno words tacked on; a get with two words gets its usage.
TEST_F(ConsoleTest, ErrorsSayOneClearThingEach) {
  console->run("connect 127.0.0.1:22");
  std::string said;
  for (const auto& [kind, text] : lines) {
    if (kind == Output::error) said += text;
  }
  EXPECT_NE(said.find("connect 127.0.0.1:22 via relay "), std::string::npos) << said;
  // asyncplay dev explains its allow-list.
  EXPECT_NE(said.find(": not on this relay's allow-list; it allows "), std::string::npos) << said;
  EXPECT_EQ(said.find("allow-list"), said.rfind("allow-list")) << "said twice: " << said;
  EXPECT_EQ(said.find("Connection aborted"), std::string::npos) << said;
  lines.clear();
  console->run("get 127.0.0.1 " + env("ASYNCPLAY_HTTP_PORT"));
  EXPECT_TRUE(printed(Output::error, "usage: get HOST PORT PATH")) << all();
  EXPECT_FALSE(printed(Output::out, "requests at once")) << all();
  EXPECT_FALSE(printed(Output::error, "must start with")) << "the usage, not an error per word: " << all();
}

TEST_F(ConsoleTest, MistakesGetClearErrors) {
  console->run("dance");
  console->run("post rust hi");
  console->run("relay http://nope");
  console->run("trace sideways");
  console->run("post\trust\ttabbed");  // split as the book's client splits it: not connected, not "unknown"
  EXPECT_TRUE(printed(Output::error, "unknown command 'dance'")) << all();
  EXPECT_TRUE(printed(Output::error, "not connected")) << all();
  EXPECT_TRUE(printed(Output::error, "ws:// or wss://")) << all();
  EXPECT_TRUE(printed(Output::error, "usage: trace on|off")) << all();
  EXPECT_FALSE(printed(Output::error, "unknown command 'post")) << all();
}
