package com.example.crm.sms.contacts.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class ContactDeletionRepository implements PanacheRepositoryBase<ContactDeletion, UUID> {}
