// Lo que `run EXPR` dice en español (compose/compose_words.hpp): la lista de
// funciones, los límites y los valores. Los términos del libro no cambian:
// Ready, Err, (), los nombres de las funciones.
#include <iterator>

#include "compose/functions.hpp"
#include "wasm/console_words.hpp"

namespace asyncplay::wasm {
namespace {

// Por el orden de enum Function (compose/functions.hpp).
constexpr const char* kSpanishDoes[] = {
    "Ready(()) cuando ha pasado la duración",
    "un GET de HTTP (cheapo_request): su estado y su tamaño",
    "el cheapo_request de las notas, el mismo GET",
    "Ready cuando TcpStream::connect se ha conectado",
    "todos los futures a la vez, en esta tarea; Ready con todos sus valores",
    "gana el primero que está Ready; los demás se descartan (cancelados)",
    "el valor del future, o tiempo agotado (y el future descartado)",
    "ejecuta el future como tarea propia; espera su JoinHandle",
    "Pending una vez, para que las demás tareas corran antes",
    "nunca Ready: solo termina si se descarta",
    "un poll que bloquea el hilo (todas las tareas esperan; 1s como mucho): no lo hagas",
    "Pending sin guardar el waker: nunca podrá despertarse (un fallo, a propósito)",
};
static_assert(std::size(kSpanishDoes) == static_cast<std::size_t>(compose::Function::lost_waker) + 1,
              "one line per function");

}  // namespace

const compose::ComposeWords kSpanishComposeWords{
    .does = kSpanishDoes,
    .limits =
        "DURATION es 200ms o 1.5s, {seconds}s como mucho; como mucho {length} caracteres, {futures} futures, "
        "{depth} llamadas de profundidad",
    .bytes = "{n} bytes",
    .connected = "conectado a {target}",
    .won = "ganó {winner}: {value}",
    .dropped = "; descartado {names}",
    .timed_out = "tiempo agotado tras {after}; descartado {names}",
    .cancelled = "cancelado",
};

const compose::ComposeWords& compose_words(std::string_view language) {
  return language.substr(0, 2) == "es" ? kSpanishComposeWords : compose::kEnglishComposeWords;
}

}  // namespace asyncplay::wasm
