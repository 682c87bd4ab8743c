// Las palabras de la consola en español (console_words.hpp). Los comandos y
// los términos del libro (future, poll, Pending, block_on, spawn) no cambian.
#include "wasm/console_words.hpp"

namespace asyncplay::wasm {

const ConsoleWords kSpanishWords{
    .help =
        "comandos:\n"
        "  tour                    el capítulo 20 paso a paso, en la vista en vivo\n"
        "  connect [HOST:PORT]     conecta al chat (por defecto, el servidor del relay)\n"
        "  join GROUP              se une a un grupo de chat\n"
        "  post GROUP MESSAGE...   publica en un grupo\n"
        "  repeat N post G M...    la publicación N veces, numerada (una ráfaga)\n"
        "  get HOST PORT PATH      cheapo_request, ejecutado con block_on\n"
        "  get URL [URL...]        varias peticiones http:// a la vez (spawn_local)\n"
        "  run EXPR                futures que compones tú, ejecutados con block_on:\n"
        "                          run race(sleep(100ms), never()); run solo los lista\n"
        "  tasks                   tareas vivas: estado, polls, wakes, dónde esperan\n"
        "  trace on|off            muestra cada spawn, poll (dónde se detuvo, qué\n"
        "                          espera) y wake (qué lo causó)\n"
        "  relay [URL]             muestra o cambia el relay\n"
        "  history [clear]         órdenes pasadas (guardadas), o las olvida\n"
        "  clear                   limpia la pantalla\n"
        "Ctrl-C cancela el comando en marcha descartando su future.",
    .internal_error = "error interno: {what}",
    .usage_trace = "uso: trace on|off",
    .tracing_off = "traza desactivada",
    .tracing_on = "traza: cada spawn, poll (dónde se detuvo, qué espera) y wake (qué lo causó); "
                  "tiempos desde que empezó la página",
    .usage_relay = "uso: relay [ws://HOST:PORT/relay | default]",
    .relay_scheme = "la URL de un relay empieza por ws:// o wss://",
    .relay_fragment = "una URL de WebSocket no puede tener un #fragmento",
    .relay_now = "relay: {url}",
    .relay_chat_still = " (la conexión de chat sigue pasando por {relay} hasta el próximo connect)",
    .still_running = "'{name}' sigue en marcha (Ctrl-C lo cancela)",
    .usage_get = "uso: get HOST PORT PATH (cheapo_request), o get URL [URL...] (cada una http://)",
    .usage_connect = "uso: connect [HOST:PORT]",
    .usage_connect_default = "uso: connect HOST:PORT (no hay un servidor de chat configurado por omisión)",
    .unknown_command = "comando desconocido '{name}' (prueba help)",
    .cancelled = "^C: cancelado (se descartó el future del comando)",
    .requests_at_once = "{n} peticiones a la vez en {ms} ms",
    .usage_run = "uso: run EXPR, donde EXPR llama a estas (join y race hacen poll de sus futures en\n"
                 "una sola tarea; solo spawn lanza otra):\n",
    .still_connected = " (sigue conectado a {target})",
    .connected = "conectado a {target} a través de {relay}",
    .connected_local = "conectado a {target}: el servidor de chat que funciona en este navegador (docs/LOCAL_HOST.md)",
    .server_closed = "el servidor de chat {target} cerró la conexión",
    .message_posted = "mensaje publicado en {group}: {message}",
    .server_error = "error del servidor: {text}",
    .not_connected = "sin conexión: escribe connect primero",
    .not_sent = "no enviado: aún hay {n} comandos esperando a escribirse (el servidor no está leyendo)",
    .live_tasks = "{n} tarea(s) viva(s)",
    .unnamed = "(sin nombre)",
    .parked_at = "detenida en {site} en {function}",
    .waits_for = ", espera {what}",
    .and_waits_for = " y {what}",
    .last_woken = "despertada por última vez por {cause}",
    .task_line = "  {id}  {name}  {state}  polls {polls}, wakes {wakes}, ocupada {us} us",
    .state_pending = "pending",
    .state_scheduled = "programada",
    .state_running = "en ejecución",
    .get_answered = "{url}  {status}, {bytes} bytes ({ms} ms)",
    .get_failed = "{url}  error: {error}",
    .server_dropped = "error del servidor: {text} (este miembro se quedó {n} mensajes por detrás de {group}, que solo "
                      "guarda los últimos: leía demasiado despacio)",
    .server_no_group = "error del servidor: {text} (nadie se ha unido a {group}: join {group} lo crea)",
};

}  // namespace asyncplay::wasm
