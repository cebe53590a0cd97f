// The `shopper` namespace: the app proxy pages, shopper-facing errors, download answers.
import da from "./da/shopper.json";
import de from "./de/shopper.json";
import en from "./en/shopper.json";
import es from "./es/shopper.json";
import fr from "./fr/shopper.json";
import it from "./it/shopper.json";
import ja from "./ja/shopper.json";
import nl from "./nl/shopper.json";
import pl from "./pl/shopper.json";
import ptBR from "./pt-BR/shopper.json";
import sv from "./sv/shopper.json";

export const shopper = { da, de, en, es, fr, it, ja, nl, pl, "pt-BR": ptBR, sv };
