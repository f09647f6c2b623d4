package org.lungseg.inference;

/**
 * Which model produced a result, for reports and audits: its name and version from the model
 * card (the file name when the card has none), its creation date, and the SHA-256 of the file.
 */
public record ModelIdentity(String name, String version, String created, String sha256) {

    static ModelIdentity of(String fileName, ModelCard card, String sha256) {
        String name = card.property(ModelCard.NAME);
        return new ModelIdentity(name.isBlank() ? fileName : name, card.property(ModelCard.VERSION),
                card.property(ModelCard.CREATED), sha256);
    }

    /** One line, e.g. {@code lungseg-unet 1.0 (sha256 3f2a9c1b0d4e)}. */
    public String describe() {
        return name + (version.isBlank() ? "" : " " + version) + " (sha256 " + sha256.substring(0, 12) + ")";
    }
}
