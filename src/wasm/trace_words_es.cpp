// Las palabras de la traza en español (trace/trace_words.hpp), para la
// consola de la página. Las piezas fijas que ponen las capas del runtime (qué
// espera una tarea, qué la despertó, los textos de los lints) se dicen de
// nuevo con las frases de abajo; lo que no está aquí queda como está.
#include "wasm/console_words.hpp"

namespace asyncplay::wasm {
namespace {

const words::Phrases kSpanishPhrases({
    // What a task waits for (waits_for in the runtime, net and compose layers).
    {"JoinHandle of task", "JoinHandle de la tarea"},
    {"mpsc send: room in the channel", "mpsc send: sitio en el canal"},
    {"its turn (yield_now)", "su turno (yield_now)"},
    {"nothing: never() is never Ready", "nada: never() nunca está Ready"},
    {"nothing: it dropped its waker (lost_waker)", "nada: descartó su waker (lost_waker)"},
    {"in-browser connection", "conexión en el navegador"},
    {"in-browser listener", "listener en el navegador"},
    {"credit (the reader is a window behind)", "crédito (el lector va una ventana por detrás)"},
    {"writable (over 1 MiB buffered)", "escribible (más de 1 MiB en el búfer)"},
    {"readable fd", "fd legible"},
    {"writable fd", "fd escribible"},
    {"timer", "temporizador"},
    // What woke it (a cause's what), and the words around it in the view's
    // English causes ("task 4 (finished)", "WebSocket 1 message of 120 bytes").
    {"outside any task", "fuera de toda tarea"},
    {"another thread", "otro hilo"},
    {"task", "tarea"},
    {"of", "de"},
    {"code", "código"},
    {"deadline passed", "plazo cumplido"},
    {"finished", "terminó"},
    {"mpsc sender", "emisor mpsc"},
    {"mpsc recv: a slot freed", "mpsc recv: se liberó un hueco"},
    {"broadcast send", "envío broadcast"},
    {"oneshot sender", "emisor oneshot"},
    {"message (a relay control text)", "message (un texto de control del relay)"},
    {"message \"connected\" (the relay reached the target)",
     "message \"connected\" (el relay llegó al destino)"},
    {"message \"eof\" (the target ended its stream)", "message \"eof\" (el destino terminó su flujo)"},
    {"data", "datos"},
    {"eof", "fin de flujo"},
    {"credit", "crédito"},
    {"accepted", "aceptada"},
    {"refused", "rechazada"},
    {"connect", "conexión"},
    {"readable", "legible"},
    {"writable", "escribible"},
    // The lints' texts (runtime/trace/task_traces.cpp), piece by piece around their numbers.
    {"one poll ran", "un poll duró"},
    {"ms: every other task waited meanwhile (something in it blocks)",
     "ms: todas las demás tareas esperaron mientras tanto (algo en él bloquea)"},
    {"Pending, but no waker for it is held anywhere: this task can never be woken (a future returned "
     "Pending without keeping cx.waker())",
     "Pending, pero nadie guarda ningún waker suyo: esta tarea no podrá despertarse nunca (un future "
     "devolvió "
     "Pending sin guardar cx.waker())"},
    {"polls in a row, nothing but the task itself woke it: a busy loop (use yield_now to give way on "
     "purpose, or wait for a real event)",
     "polls seguidos, y solo la propia tarea la despertó: un bucle activo (usa yield_now para ceder el paso "
     "a propósito, o espera un evento real)"},
});

}  // namespace

const words::Phrases& spanish_phrases() { return kSpanishPhrases; }

const trace::TraceWords kSpanishTraceWords{
    .decimal_point = ',',
    .task = "tarea {id}",
    .spawned = "lanzada en {site} en {function}; nada se ejecuta hasta su primer poll",
    .spawned_by =
        "lanzada en {site} en {function} por la tarea {parent}; nada se ejecuta hasta su primer poll",
    .first_poll = "primer poll: el cuerpo se ejecuta hasta su primer co_await que no está listo",
    .polled_woken = "poll (despertada por {cause}): continúa donde se detuvo",
    .polled = "poll: continúa donde se detuvo",
    .pending = "Pending tras {busy}",
    .parked_at = " en {site} en {function}",
    .parked_inside = " (dentro de {function}, {site})",
    .waits_for = ", espera {what}",
    .and_waits_for = " y {what}",
    .ready = "Ready tras {busy}",
    .ready_threw = "Ready (lanzó una excepción) tras {busy}",
    .woken = "despertada por {cause}",
    .scheduled = "; programada",
    .repoll = " durante su propio poll; otro poll justo después",
    .already_scheduled = " (ya estaba programada)",
    .cancelled = "cancelada: se descartó su future",
    .lint = "lint {lint}: {text}",
    .cause_outside = "fuera de toda tarea",
    .cause_task = "la tarea {id}",
    .cause_task_what = "la tarea {id} ({what})",
    .cause_yield = "la tarea {id} (yield_now)",
    .cause_fd = "el fd {id} {what}",
    .cause_websocket = "el WebSocket {id} {what}",
    .cause_websocket_bytes = "el WebSocket {id} {what} de {n} bytes",
    .cause_websocket_code = "el WebSocket {id} {what} con código {n}",
    .cause_local = "la conexión en el navegador {id} {what}",
    .cause_local_bytes = "la conexión en el navegador {id} {what} de {n} bytes",
    .cause_timer = "un temporizador",
    .cause_timer_ms = "un temporizador de {n} ms",
    .cause_thread = "otro hilo",
    .phrases = &kSpanishPhrases,
};

}  // namespace asyncplay::wasm
