// The relay over TLS (wss:// and https://): clients nobody here wrote (Python's
// websockets and urllib with an ssl context) trust a certificate the test makes
// with Debian's openssl; a bad handshake ends only its own connection; a
// certificate replaced on disk serves new connections while open tunnels go on.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "chat/server.hpp"
#include "net/tls_context.hpp"
#include "net/tls_stream.hpp"
#include "relay/server.hpp"
#include "runtime/join.hpp"
#include "runtime/sync/notify.hpp"
#include "runtime/task_set.hpp"
#include "runtime/time/sleep.hpp"
#include "runtime/time/timeout.hpp"
#include "support/echo_server.hpp"
#include "support/log_file.hpp"
#include "support/net_fixture.hpp"
#include "support/shell.hpp"

using namespace asyncplay;
using namespace asyncplay::testing;
namespace fs = std::filesystem;

namespace {

const std::string kSource = ASYNCPLAY_SOURCE_DIR;

// A self-signed certificate for 127.0.0.1 with subject CN=`name`.
void make_certificate(const fs::path& dir, const std::string& name) {
  std::string command = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=" + name +
                        " -addext subjectAltName=IP:127.0.0.1 -keyout " + (dir / (name + ".key")).string() +
                        " -out " + (dir / (name + ".crt")).string() + " 2>/dev/null";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
}

class TlsRelayTest : public ::testing::Test {
 protected:
  // Two certificates for every test (an RSA key takes a while to make).
  static void SetUpTestSuite() {
    made = fs::temp_directory_path() / ("asyncplay-tls-made-" + std::to_string(::getpid()));
    fs::create_directories(made);
    make_certificate(made, "one");
    make_certificate(made, "two");
  }
  static void TearDownTestSuite() { fs::remove_all(made); }

  void SetUp() override {
    dir = fs::temp_directory_path() / ("asyncplay-tls-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    for (const char* file : {"one.crt", "one.key", "two.crt", "two.key"}) {
      fs::copy_file(made / file, dir / file, fs::copy_options::overwrite_existing);
    }
    // The relay reads server.crt / server.key; the test replaces them.
    fs::copy_file(dir / "one.crt", dir / "server.crt", fs::copy_options::overwrite_existing);
    fs::copy_file(dir / "one.key", dir / "server.key", fs::copy_options::overwrite_existing);
    std::ofstream(dir / "both.crt") << std::ifstream(dir / "one.crt").rdbuf() << std::ifstream(dir / "two.crt").rdbuf();

    auto chat_listener = listen_local();
    chat_port = chat_listener.local_addr().port();
    chat::ServerOptions chat_options;
    chat_options.log = nullptr;
    tasks.push_back(executor.spawn(chat::serve_chat(std::move(chat_listener), chat_options)));
    auto echo = listen_local();
    echo_port = echo.local_addr().port();
    tasks.push_back(executor.spawn(echo_server(std::move(echo))));

    options = std::make_shared<relay::RelayOptions>();
    options->log = log = std::tmpfile();
    options->policy = relay::TargetPolicy({{"127.0.0.1", chat_port}, {"127.0.0.1", echo_port}}, {});
    auto tls = net::TlsContext::load((dir / "server.crt").string(), (dir / "server.key").string());
    ASSERT_TRUE(tls) << tls.error().message();
    options->tls = std::make_shared<net::TlsContext>(std::move(*tls));
  }
  void start_relay() {
    auto listener = listen_local();
    relay_port = listener.local_addr().port();
    tasks.push_back(executor.spawn(relay::serve_relay(std::move(listener), options)));
  }
  void TearDown() override {
    for (auto& t : tasks) t.cancel();
    EXPECT_EQ(executor.live_tasks(), 0u);
    if (log) std::fclose(log);
    fs::remove_all(dir);
  }
  std::string python(const std::string& mode, const std::string& target, const std::string& rest) const {
    return "cd " + kSource + " && /usr/bin/python3 tests/interop/py_client.py --cafile " + (dir / "both.crt").string() +
           " " + mode + " 'wss://127.0.0.1:" + std::to_string(relay_port) + "/relay?target=127.0.0.1:" + target +
           "' " + rest;
  }
  std::string logged() { return read_log(log); }

  static inline fs::path made;  // the suite's certificates
  fs::path dir;                 // this test's copies, and the relay's server.crt / server.key
  std::FILE* log = nullptr;
  Executor executor;
  std::vector<JoinHandle<void>> tasks;
  std::shared_ptr<relay::RelayOptions> options;
  std::uint16_t chat_port = 0, echo_port = 0, relay_port = 0;
};

// Connects, sends `bytes`, and reads until the relay closes (or `limit`).
Task<std::string> raw_exchange(std::uint16_t port, std::string bytes, Clock::duration limit = 5s) {
  auto socket = co_await net::TcpStream::connect("127.0.0.1", port);
  if (!socket) co_return "<connect failed>";
  if (!co_await socket->write_all(bytes)) co_return "<write failed>";
  std::string got;
  auto reading = socket->read_to_string(got);
  auto read = co_await timeout(limit, std::move(reading));
  if (!read && read.error().is(std::errc::timed_out)) co_return "<still open>";
  co_return got;
}

}  // namespace

TEST_F(TlsRelayTest, APythonClientChatsThroughWss) {
  start_relay();
  auto ran = run(executor, shell(python("chat", std::to_string(chat_port), "rust 'hello over tls'")));
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_NE(ran.output.find("\"message\":\"hello over tls\""), std::string::npos) << ran.output;
}

// Megabytes both ways at once: every byte arrives, in order, through writes
// the socket takes a piece at a time.
TEST_F(TlsRelayTest, EveryByteOfAStreamComesBackThroughWss) {
  start_relay();
  auto ran = run(executor, shell(python("echo", std::to_string(echo_port), std::to_string(6 << 20))));
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_NE(ran.output.find("echoed 6291456 bytes"), std::string::npos) << ran.output;
}

TEST_F(TlsRelayTest, StaticFilesAreServedOverHttps) {
  fs::create_directories(dir / "site");
  std::ofstream(dir / "site" / "index.html") << "<p>over https</p>\n";
  options->static_dir = (dir / "site").string();
  start_relay();
  std::string fetch = "import ssl, urllib.request; trust = ssl.create_default_context(cafile='" +
                      (dir / "both.crt").string() + "'); print(urllib.request.urlopen('https://127.0.0.1:" +
                      std::to_string(relay_port) + "/', context=trust).read().decode(), end='')";
  auto ran = run(executor, shell("/usr/bin/python3 -c \"" + fetch + "\""));
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_EQ(ran.output, "<p>over https</p>\n");
}

// Plain HTTP, garbage, and a ClientHello cut short, each while a wss chat is
// under way: each gets its answer (a 400, an alert, the handshake timeout)
// and the chat goes on.
TEST_F(TlsRelayTest, ABadHandshakeEndsOnlyItsOwnConnection) {
  options->limits.handshake_timeout = 1s;
  start_relay();
  std::string plain, garbage, truncated;
  auto bad_ones = [&]() -> Task<void> {
    plain = co_await raw_exchange(relay_port, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    garbage = co_await raw_exchange(relay_port, std::string("\x16\x03\x01\x00\x08garbage!", 13));
    // A handshake record that says 512 bytes follow, and only 40 do.
    truncated = co_await raw_exchange(relay_port, std::string("\x16\x03\x01\x02\x00", 5) + std::string(40, '\x01'));
  };
  auto [ran, none] = run(executor, join(shell(python("quiet", std::to_string(chat_port), "rust 'still here' 2")), bad_ones()));
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_NE(ran.output.find("\"message\":\"still here\""), std::string::npos) << ran.output;
  EXPECT_EQ(plain.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << plain;
  EXPECT_NE(plain.find("use https:// or wss://"), std::string::npos) << plain;
  EXPECT_NE(garbage, "<still open>");
  EXPECT_EQ(garbage.substr(0, 1), "\x15") << "expected a TLS alert record";
  EXPECT_EQ(truncated, "");  // closed by the handshake timeout, with nothing to say
  std::string lines = logged();
  EXPECT_NE(lines.find("plain HTTP on the TLS port"), std::string::npos) << lines;
  EXPECT_NE(lines.find("TLS handshake with 127.0.0.1:"), std::string::npos) << lines;
}

TEST_F(TlsRelayTest, ANewCertificateOnDiskServesNewTunnelsWhileOpenOnesGoOn) {
  start_relay();
  std::string replace = "cp " + (dir / "two.key").string() + " " + (dir / "server.key.new").string() + " && cp " +
                        (dir / "two.crt").string() + " " + (dir / "server.crt.new").string() + " && mv " +
                        (dir / "server.key.new").string() + " " + (dir / "server.key").string() + " && mv " +
                        (dir / "server.crt.new").string() + " " + (dir / "server.crt").string();
  auto ran = run(executor, shell(python("reload", std::to_string(chat_port), "rust '" + replace + "'")));
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_NE(ran.output.find("first tunnel: commonName=one"), std::string::npos) << ran.output;
  EXPECT_NE(ran.output.find("second tunnel: commonName=two"), std::string::npos) << ran.output;
  EXPECT_NE(ran.output.find("both tunnels carried the post"), std::string::npos) << ran.output;
  EXPECT_NE(logged().find("certificate reloaded from "), std::string::npos) << logged();
}

// A certificate file half written (or a key of another certificate) does not
// stop the relay: it keeps serving the certificate it has and says why.
TEST_F(TlsRelayTest, AFailedReloadKeepsThePreviousCertificate) {
  std::ofstream(dir / "server.key", std::ios::trunc) << std::ifstream(dir / "two.key").rdbuf();
  auto said = options->tls->refresh();
  ASSERT_TRUE(said.has_value());
  EXPECT_NE(said->find("certificate reload failed, still serving the previous one: key "), std::string::npos) << *said;
  EXPECT_NE(said->find("does not belong to certificate"), std::string::npos) << *said;
  EXPECT_FALSE(options->tls->refresh().has_value()) << "said once, not at every handshake";
  start_relay();
  auto ran = run(executor, shell(python("chat", std::to_string(chat_port), "rust 'old certificate'")));
  EXPECT_EQ(ran.status, 0) << ran.output;
}

TEST(TlsContextTest, MissingOrMismatchedFilesAreRefusedWithTheirNames) {
  auto missing = net::TlsContext::load("/nonexistent/cert.pem", "/nonexistent/key.pem");
  ASSERT_FALSE(missing);
  EXPECT_NE(missing.error().message().find("certificate /nonexistent/cert.pem: "), std::string::npos)
      << missing.error().message();
  fs::path dir = fs::temp_directory_path() / ("asyncplay-tls-ctx-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  make_certificate(dir, "a");
  make_certificate(dir, "b");
  auto mismatched = net::TlsContext::load((dir / "a.crt").string(), (dir / "b.key").string());
  ASSERT_FALSE(mismatched);
  EXPECT_NE(mismatched.error().message().find("does not belong to certificate"), std::string::npos)
      << mismatched.error().message();
  auto good = net::TlsContext::load((dir / "a.crt").string(), (dir / "a.key").string());
  EXPECT_TRUE(good);
  fs::remove_all(dir);
}

// Both ends ours, over a loopback connection: 2 MiB each way at once, then
// each side's shutdown(write) (close_notify, then TCP's FIN) is the other's
// end of stream, as on plain TCP.
TEST_F(TlsRelayTest, OurClientAndServerCarryBothWaysAndHalfClose) {
  auto listener = listen_local();
  auto port = listener.local_addr().port();
  auto trust = net::TlsContext::client((dir / "one.crt").string());
  ASSERT_TRUE(trust) << trust.error().message();
  const std::string up(2 << 20, 'u'), down(2 << 20, 'd');
  auto exchange = [](net::TcpStream stream, const std::string& send) -> Task<std::string> {
    auto writer = [](net::TcpStream& s, const std::string& data) -> Task<void> {
      if (co_await s.write_all(data)) (void)s.shutdown(net::Shutdown::write);
    };
    std::string got;
    auto reading = stream.read_to_string(got);
    auto [read, none] = co_await join(std::move(reading), writer(stream, send));
    if (!read) co_return "<" + read.error().message() + ">";
    co_return got;
  };
  auto server = [&]() -> Task<std::string> {
    auto socket = co_await listener.accept();
    auto secured = co_await net::tls_accept(std::move(*socket), *options->tls);
    if (!secured) co_return "<" + secured.error().message() + ">";
    co_return co_await exchange(std::move(*secured), down);
  };
  auto client = [&]() -> Task<std::string> {
    auto socket = co_await net::TcpStream::connect("127.0.0.1", port);
    auto secured = co_await net::tls_connect(std::move(*socket), *trust, "127.0.0.1");
    if (!secured) co_return "<" + secured.error().message() + ">";
    co_return co_await exchange(std::move(*secured), up);
  };
  auto [at_server, at_client] = run(executor, join(server(), client()));
  EXPECT_EQ(at_server.size(), up.size()) << at_server.substr(0, 200);
  EXPECT_EQ(at_server == up, true);
  EXPECT_EQ(at_client.size(), down.size()) << at_client.substr(0, 200);
  EXPECT_EQ(at_client == down, true);
}

TEST_F(TlsRelayTest, OurClientRefusesACertificateItDoesNotTrust) {
  start_relay();
  auto trust = net::TlsContext::client((dir / "two.crt").string());  // the relay serves "one"
  ASSERT_TRUE(trust) << trust.error().message();
  auto attempt = [&]() -> Task<std::string> {
    auto socket = co_await net::TcpStream::connect("127.0.0.1", relay_port);
    auto secured = co_await net::tls_connect(std::move(*socket), *trust, "127.0.0.1");
    co_return secured ? "<connected>" : secured.error().message();
  };
  std::string said = run(executor, attempt());
  EXPECT_NE(said.find("TLS handshake with 127.0.0.1 (127.0.0.1:"), std::string::npos) << said;
  EXPECT_NE(said.find("the server's certificate is not trusted (self-signed certificate)"), std::string::npos) << said;
}

// A peer that goes away without close_notify (a browser tab closed, a
// process that exits) ends the stream as TCP's end does: read gives 0, or
// the reset, never a TLS protocol error.
TEST_F(TlsRelayTest, APeerThatLeavesWithoutCloseNotifyEndsTheStreamAsTcpDoes) {
  auto listener = listen_local();
  auto port = listener.local_addr().port();
  auto trust = net::TlsContext::client((dir / "one.crt").string());
  ASSERT_TRUE(trust) << trust.error().message();
  for (bool unread_data : {false, true}) {
    auto server = [&]() -> Task<std::string> {
      auto socket = co_await listener.accept();
      auto secured = co_await net::tls_accept(std::move(*socket), *options->tls);
      if (!secured) co_return "<" + secured.error().message() + ">";
      if (unread_data) (void)co_await secured->write_all("for a client that will not read it");
      char buf[100];
      auto n = co_await secured->read(buf);
      if (!n) co_return n.error().message();
      co_return "read " + std::to_string(*n);
    };
    auto client = [&]() -> Task<void> {
      auto socket = co_await net::TcpStream::connect("127.0.0.1", port);
      auto secured = co_await net::tls_connect(std::move(*socket), *trust, "127.0.0.1");
      CO_ASSERT_TRUE(secured.ok());
      if (unread_data) {
        co_await sleep(50ms);  // the server's bytes arrive and stay unread: closing then resets
      } else {
        char buf[100];  // takes in the session tickets TLS 1.3 sends after the handshake
        (void)co_await timeout(100ms, secured->read(buf));
      }
    };  // the stream goes without close_notify
    auto [said, none] = run(executor, join(server(), client()));
    if (unread_data) {  // closing with unread bytes resets
      EXPECT_TRUE(said == "read 0" || said.find("Connection reset by peer") != std::string::npos) << said;
    } else {
      EXPECT_EQ(said, "read 0");
    }
    EXPECT_EQ(said.find("TLS"), std::string::npos) << said;
  }
}

// Keepalive through TLS: a wss page quiet for over twice the idle timeout
// answers the relay's pings (Python's websockets does so by itself) and is
// not cut; its chat then still works.
TEST_F(TlsRelayTest, AQuietWssClientThatAnswersPingsIsNotCut) {
  options->limits.ping_interval = 200ms;
  options->limits.idle_timeout = 600ms;
  start_relay();
  auto ran = run(executor, shell(python("quiet", std::to_string(chat_port), "rust 'after a quiet while' 1.5")));
  EXPECT_EQ(ran.status, 0) << ran.output;
  EXPECT_NE(ran.output.find("\"message\":\"after a quiet while\""), std::string::npos) << ran.output;
}
