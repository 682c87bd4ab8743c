// Los errores de las capas de abajo (net, http, chat, compose), dichos otra
// vez en español en las líneas de error de la consola. Esas capas hablan
// inglés (el programa nativo también), así que aquí van sus piezas fijas;
// lo que dicen las órdenes y los valores que lleva un error (un destino, una
// URL, lo que escribió la persona) quedan como están. Solo frases largas: una
// palabra suelta podría aparecer en lo que escribió alguien.
#include "wasm/console_words.hpp"

namespace asyncplay::wasm {
namespace {

const words::Phrases kSpanishErrorPhrases({
    // net: the relay's WebSocket and the in-browser host (tcp_stream_websocket.cpp, tcp_stream_local.cpp,
    // local_connection.cpp), and the relay's close codes (relay_protocol.cpp).
    {"relay unreachable (nothing accepted the WebSocket: is the relay running, and does it allow this page's "
     "origin?)",
     "relay inalcanzable (nadie aceptó el WebSocket: ¿está en marcha el relay, y admite el origen de esta "
     "página?)"},
    {"refused (nothing listens on that port in the in-browser host)",
     "rechazada (nada escucha en ese puerto del host en el navegador)"},
    {"this page has no in-browser host (it could not be started)",
     "esta página no tiene host en el navegador (no se pudo iniciar)"},
    {"did not answer within 10 s", "no respondió en 10 s"},
    {"the other end closed the connection", "el otro extremo cerró la conexión"},
    {"the other end broke the in-browser protocol", "el otro extremo rompió el protocolo del navegador"},
    {"closed before it was accepted", "cerrada antes de ser aceptada"},
    {"bad relay URL", "URL de relay incorrecta"},
    {"connection to the relay lost", "se perdió la conexión con el relay"},
    {"relay going away", "el relay se va"},
    {"target not allowed", "destino no permitido"},
    {"target is a private address", "el destino es una dirección privada"},
    {"connection refused", "conexión rechazada"},
    {"connect timed out", "se agotó el tiempo de conexión"},
    {"host not found", "no se encontró el host"},
    {"connect failed", "falló la conexión"},
    {"idle timeout", "tiempo de inactividad agotado"},
    {"target connection failed", "falló la conexión con el destino"},
    {"bad relay request", "petición incorrecta al relay"},
    {"not on this relay's allow-list", "no está en la lista de permitidos de este relay"},
    // libc's words for the codes (Error::message).
    {"Connection refused", "Conexión rechazada"},
    {"Connection timed out", "Se agotó el tiempo de conexión"},
    {"Invalid argument", "Argumento no válido"},
    {"Operation not supported", "Operación no admitida"},
    {"Message too long", "Mensaje demasiado largo"},
    {"Transport endpoint is not connected", "El extremo de transporte no está conectado"},
    {"Broken pipe", "Tubería rota"},
    {"Connection reset by peer", "El otro extremo reinició la conexión"},
    {"Operation canceled", "Operación cancelada"},
    // HOST:PORT and URLs (host_port.cpp, url.cpp, cheapo_request.cpp).
    {"port '", "el puerto '"},
    {"is not a number from 1 to 65535", "no es un número de 1 a 65535"},
    {"is not HOST:PORT", "no es HOST:PORT"},
    {"no ':PORT' after ']'", "falta ':PORT' tras ']'"},
    {"no ':PORT'", "falta ':PORT'"},
    {"no ']' after the IPv6 address", "falta ']' tras la dirección IPv6"},
    {"put an IPv6 address in brackets", "pon la dirección IPv6 entre corchetes"},
    {"empty host", "host vacío"},
    {"the host has characters no host name or address has",
     "el host tiene caracteres que ningún nombre de host ni dirección tiene"},
    {"https is not supported, only http://", "https no está admitido, solo http://"},
    {"must start with http://", "debe empezar por http://"},
    {"user names are not supported", "los nombres de usuario no están admitidos"},
    {"the path has spaces or control characters", "la ruta tiene espacios o caracteres de control"},
    {"must start with / and have no spaces", "debe empezar por / y no tener espacios"},
    // The chat client (command.cpp, client.cpp).
    {"join needs a group: join GROUP", "join necesita un grupo: join GROUP"},
    {"group names have no spaces: join GROUP", "los nombres de grupo no tienen espacios: join GROUP"},
    {"post needs a group and a message: post GROUP MESSAGE...",
     "post necesita un grupo y un mensaje: post GROUP MESSAGE..."},
    {"repeat needs a count and a post", "repeat necesita una cuenta y un post"},
    {"at least one repeat", "al menos una repetición"},
    {"at most 10000 repeats", "como mucho 10000 repeticiones"},
    {"repeat repeats a post", "repeat repite un post"},
    {"not a count", "no es una cuenta"},
    {"(N from 1 to 10000)", "(N de 1 a 10000)"},
    {"reply from server too long: skipped", "respuesta del servidor demasiado larga: omitida"},
    {"unreadable reply from server", "respuesta ilegible del servidor"},
    // run EXPR (compose/expression.cpp).
    {"this ')' closes nothing", "este ')' no cierra nada"},
    {"more after the expression: join several with join(a, b) or race(a, b)",
     "hay más tras la expresión: une varias con join(a, b) o race(a, b)"},
    {"this '(' is never closed: a ')' is missing", "este '(' no se cierra nunca: falta un ')'"},
    {"expected ',' or ')' after an argument", "se esperaba ',' o ')' tras un argumento"},
    {"expected a future, such as sleep(200ms), not", "se esperaba un future, como sleep(200ms), no"},
    {"expected a future, such as sleep(200ms)", "se esperaba un future, como sleep(200ms)"},
    {"expected an argument", "se esperaba un argumento"},
    {"unknown function", "función desconocida"},
    {"did you mean", "¿quisiste decir"},
    {"(known:", "(conocidas:"},
    {"is a function: write", "es una función: escribe"},
    {"takes at least one future", "recibe al menos un future"},
    {"too few arguments", "faltan argumentos"},
    {"too many arguments", "sobran argumentos"},
    {"takes 0 arguments, not", "recibe 0 argumentos, no"},
    {"takes 1 argument, not", "recibe 1 argumento, no"},
    {"takes 2 arguments, not", "recibe 2 argumentos, no"},
    {"takes 3 arguments, not", "recibe 3 argumentos, no"},
    {"a number and ms or s, such as 200ms or 1.5s", "un número y ms o s, como 200ms o 1.5s"},
    {"bad duration", "duración incorrecta"},
    {"would freeze every task (and the page) too long: at most 1s",
     "congelaría todas las tareas (y la página) demasiado tiempo: 1s como mucho"},
    {"is longer than the longest allowed,", "es más larga que la más larga permitida,"},
    {"nested too deep: at most", "anidada demasiado hondo: como mucho"},
    {"calls inside each other", "llamadas unas dentro de otras"},
    {"too many futures: at most", "demasiados futures: como mucho"},
    {"calls in one expression", "llamadas en una expresión"},
    {"bad address", "dirección incorrecta"},
    {"bad host", "host incorrecto"},
    {"a name or an address", "un nombre o una dirección"},
    {"bad path", "ruta incorrecta"},
    {"it starts with /", "empieza por /"},
    {"too long:", "demasiado larga:"},
    {"characters, at most", "caracteres, como mucho"},
    {"only printable ASCII characters, not this one", "solo caracteres ASCII imprimibles, no este"},
    {"no expression: try sleep(200ms) or race(sleep(10ms), never())",
     "no hay expresión: prueba sleep(200ms) o race(sleep(10ms), never())"},
});

}  // namespace

const words::Phrases& error_phrases(std::string_view language) {
  static const words::Phrases none;
  return language.substr(0, 2) == "es" ? kSpanishErrorPhrases : none;
}

}  // namespace asyncplay::wasm
